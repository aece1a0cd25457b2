using Builder.Cache.Oci;
using Builder.Runner.Containers;
using Builder.Runner.Health;
using Xunit;

namespace Builder.Runner.Tests.Health;

public sealed class HealthcheckPlanTests
{
    private static ContainerConfig With(HealthConfig? health, params string[] shell) =>
        new() { Healthcheck = health, Shell = shell.Length == 0 ? null : [.. shell] };

    [Fact]
    public void Cmd_runs_as_given_and_cmd_shell_through_the_images_shell_or_bin_sh()
    {
        Assert.Equal(["curl", "-f", "x"], HealthcheckPlan.From(With(new() { Test = ["CMD", "curl", "-f", "x"] }))!.Args.ToArray());
        Assert.Equal(["/bin/sh", "-c", "test -e /ok"], HealthcheckPlan.From(With(new() { Test = ["CMD-SHELL", "test -e /ok"] }))!.Args.ToArray());
        Assert.Equal(["/bin/bash", "-ec", "true"], HealthcheckPlan.From(With(new() { Test = ["CMD-SHELL", "true"] }, "/bin/bash", "-ec"))!.Args.ToArray());
    }

    [Fact]
    public void None_or_no_test_means_no_check_and_a_malformed_test_says_to_rebuild()
    {
        Assert.Null(HealthcheckPlan.From(With(null)));
        Assert.Null(HealthcheckPlan.From(With(new() { Test = ["NONE"] })));
        Assert.Null(HealthcheckPlan.From(With(new() { Test = [] })));
        var e = Assert.Throws<RunnerException>(() => HealthcheckPlan.From(With(new() { Test = ["CMD"] })));
        Assert.Contains("rebuild the image", e.Message);
        Assert.Throws<RunnerException>(() => HealthcheckPlan.From(With(new() { Test = ["WHAT", "x"] })));
    }

    [Fact]
    public void Durations_default_as_docker_and_reach_the_shim_in_milliseconds()
    {
        var defaults = HealthcheckPlan.From(With(new() { Test = ["CMD", "true"] }))!;
        Assert.Equal("30000,30000,0,5000,3", defaults.ShimArgument);

        var set = HealthcheckPlan.From(With(new()
        {
            Test = ["CMD", "true"],
            Interval = HealthConfig.ToNanoseconds(TimeSpan.FromSeconds(1)),
            Timeout = HealthConfig.ToNanoseconds(TimeSpan.FromMilliseconds(1500)),
            StartPeriod = HealthConfig.ToNanoseconds(TimeSpan.FromMinutes(1)),
            StartInterval = 200, // nanoseconds: still at least the shim's 1 ms
            Retries = 2,
        }))!;
        Assert.Equal("1000,1500,60000,1,2", set.ShimArgument);
    }

    [Fact]
    public void Ps_status_shows_the_health_as_docker_does()
    {
        var state = new ContainerState("a".PadRight(64, 'a'), "n", "i", "sha256:x", ["sh"], DateTimeOffset.UnixEpoch, true, "SIGTERM", false);
        var running = new ContainerInfo(state, ContainerPhase.Running, 1, null, null, false);
        var now = DateTimeOffset.UnixEpoch.AddSeconds(5);
        Assert.Equal("Up 5 seconds", running.StatusText(now));
        Assert.Equal("Up 5 seconds (health: starting)", (running with { Health = new HealthState(HealthState.Starting, 0, []) }).StatusText(now));
        Assert.Equal("Up 5 seconds (healthy)", (running with { Health = new HealthState(HealthState.Healthy, 0, []) }).StatusText(now));
        Assert.Equal("Up 5 seconds (unhealthy)", (running with { Health = new HealthState(HealthState.Unhealthy, 3, []) }).StatusText(now));
        var exited = running with { Phase = ContainerPhase.Exited, ExitCode = 0, Finished = now, Health = new HealthState(HealthState.Healthy, 0, []) };
        Assert.Equal("Exited (0) 0 seconds ago", exited.StatusText(now));
    }

    [Fact]
    public void The_monitors_file_is_read_with_its_log_and_a_missing_one_is_no_health()
    {
        var dir = Directory.CreateTempSubdirectory().FullName;
        try
        {
            Assert.Null(HealthState.Read(dir));
            File.WriteAllText(Path.Combine(dir, "health.json"), """
                {"Status":"unhealthy","FailingStreak":2,"Log":[{"Start":"2026-01-02T03:04:05.123456Z","End":"2026-01-02T03:04:05.200000Z","ExitCode":124,"Output":"x \u00e9\n"}]}
                """);
            var health = HealthState.Read(dir)!;
            Assert.Equal((HealthState.Unhealthy, 2), (health.Status, health.FailingStreak));
            var result = Assert.Single(health.Log);
            Assert.Equal((124, "x é\n"), (result.ExitCode, result.Output));
            Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234560), result.Start);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
