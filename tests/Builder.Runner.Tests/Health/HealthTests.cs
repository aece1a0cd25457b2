using Builder.Cache.Oci;
using Builder.Runner.Containers;
using Builder.Runner.Health;
using Builder.TestKit;
using Xunit;

namespace Builder.Runner.Tests.Health;

/// <summary>
/// HEALTHCHECK of detached containers, run by their monitor every second: a passing check makes
/// the container healthy, failures make it unhealthy after the retries, failures in the start
/// period do not count, a check over its timeout is killed, NONE runs nothing.
/// </summary>
public sealed class HealthTests(RunnerStore fixture) : IClassFixture<RunnerStore>
{
    private static readonly long Second = HealthConfig.ToNanoseconds(TimeSpan.FromSeconds(1));

    [SandboxFact]
    public async Task A_passing_check_makes_the_container_healthy_and_failing_ones_unhealthy_after_the_retries()
    {
        var image = await ImageAsync("health/ready:1", new() { Test = ["CMD-SHELL", "test -e /tmp/ready && echo ok"], Interval = Second, Retries = 2 });
        var lifecycle = new ContainerLifecycle(fixture.Store.Root);
        var healthy = await StartAsync(image, "touch /tmp/ready; exec sleep 600");
        var unhealthy = await StartAsync(image, "exec sleep 600");

        var good = WaitFor(lifecycle, healthy, h => h.Status != HealthState.Starting);
        Assert.Equal((HealthState.Healthy, 0), (good.Health!.Status, good.Health.FailingStreak));
        Assert.All(good.Health.Log, r => Assert.Equal((0, "ok\n"), (r.ExitCode, r.Output)));
        Assert.EndsWith(" (healthy)", good.StatusText(DateTimeOffset.UtcNow));

        var bad = WaitFor(lifecycle, unhealthy, h => h.Status != HealthState.Starting);
        Assert.Equal(HealthState.Unhealthy, bad.Health!.Status);
        Assert.True(bad.Health.FailingStreak >= 2, $"failing streak {bad.Health.FailingStreak}");
        Assert.All(bad.Health.Log, r => Assert.Equal(1, r.ExitCode));
        Assert.EndsWith(" (unhealthy)", bad.StatusText(DateTimeOffset.UtcNow));
        Assert.Contains(lifecycle.List(all: false), c => c.State.Id == unhealthy && c.Health?.Status == HealthState.Unhealthy);

        await lifecycle.RemoveAsync(healthy, force: true, CancellationToken.None);
        await lifecycle.RemoveAsync(unhealthy, force: true, CancellationToken.None);
        fixture.AssertNothingLeft();
    }

    [SandboxFact]
    public async Task Failures_in_the_start_period_do_not_count_and_a_check_over_its_timeout_is_killed()
    {
        var patient = await ImageAsync("health/patient:1", new() { Test = ["CMD", "false"], Interval = Second, StartPeriod = 3600 * Second, StartInterval = Second, Retries = 1 });
        var slow = await ImageAsync("health/slow:1", new() { Test = ["CMD", "sleep", "30"], Interval = Second, Timeout = Second / 2, Retries = 1 });
        var lifecycle = new ContainerLifecycle(fixture.Store.Root);
        var starting = await StartAsync(patient, "exec sleep 600");
        var timedOut = await StartAsync(slow, "exec sleep 600");

        var still = WaitFor(lifecycle, starting, h => h.Log.Length >= 2);
        Assert.Equal((HealthState.Starting, 0), (still.Health!.Status, still.Health.FailingStreak));
        Assert.EndsWith(" (health: starting)", still.StatusText(DateTimeOffset.UtcNow));

        var killed = WaitFor(lifecycle, timedOut, h => h.Log.Length >= 1);
        var result = killed.Health!.Log[0];
        Assert.Equal(124, result.ExitCode);
        Assert.Contains("sleep did not finish within 500 ms and was killed", result.Output);
        Assert.Equal(HealthState.Unhealthy, killed.Health.Status);

        await lifecycle.RemoveAsync(starting, force: true, CancellationToken.None);
        await lifecycle.RemoveAsync(timedOut, force: true, CancellationToken.None);
        fixture.AssertNothingLeft();
    }

    [SandboxFact]
    public async Task None_runs_no_check()
    {
        var image = await ImageAsync("health/none:1", new() { Test = ["NONE"] });
        var lifecycle = new ContainerLifecycle(fixture.Store.Root);
        var id = await StartAsync(image, "exec sleep 600");
        var info = lifecycle.Inspect(id);
        Assert.Null(info.Health);
        Assert.False(File.Exists(Path.Combine(lifecycle.Store.DirectoryOf(id), "health.json")));
        Assert.DoesNotContain("(", info.StatusText(DateTimeOffset.UtcNow));
        await lifecycle.RemoveAsync(id, force: true, CancellationToken.None);
        fixture.AssertNothingLeft();
    }

    private async Task<string> ImageAsync(string reference, HealthConfig health)
    {
        await BusyboxImage.ImportAsync(fixture.Store, reference, BusyboxImage.Config with { Healthcheck = health });
        return reference;
    }

    private async Task<string> StartAsync(string image, string script) =>
        (await fixture.RunAsync(new RunOptions(image) { Detach = true, Command = ["sh", "-c", script] })).Outcome.Id;

    private static ContainerInfo WaitFor(ContainerLifecycle lifecycle, string id, Func<HealthState, bool> condition)
    {
        ContainerInfo info = lifecycle.Inspect(id);
        RunnerStore.WaitUntil(() => (info = lifecycle.Inspect(id)).Health is { } h && condition(h), $"the health of {id[..12]}");
        Assert.Equal(ContainerPhase.Running, info.Phase);
        return info;
    }
}
