using Builder.Runner.Containers;
using Builder.TestKit;
using Xunit;

namespace Builder.Runner.Tests.Containers;

/// <summary>A detached container from start to rm: ps, logs, stop (STOPSIGNAL), kill, rm -f, and nothing left.</summary>
public sealed class LifecycleTests(RunnerStore fixture) : IClassFixture<RunnerStore>
{
    private const string Script = "trap 'echo got TERM; exit 7' TERM; echo started; while true; do sleep 0.1; done";

    [SandboxFact]
    public async Task Detached_container_runs_without_the_caller_logs_stops_and_is_removed()
    {
        var lifecycle = new ContainerLifecycle(fixture.Store.Root);
        var started = await fixture.RunAsync(new RunOptions(BusyboxImage.Reference) { Detach = true, Name = "svc", Command = ["sh", "-c", Script] });
        Assert.Equal(64, started.Outcome.Id.Length);
        Assert.Equal("", started.Stdout);

        var running = Assert.Single(lifecycle.List(all: false));
        Assert.Equal(("svc", ContainerPhase.Running), (running.State.Name, running.Phase));
        var logs = await WaitForLogAsync(lifecycle, "svc", "started\n");
        Assert.Equal("started\n", logs);

        var stopped = await lifecycle.StopAsync("svc", TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal((ContainerPhase.Exited, 7), (stopped.Phase, stopped.ExitCode));
        Assert.Equal("started\ngot TERM\n", await LogsAsync(lifecycle, "svc", follow: true));
        Assert.Empty(lifecycle.List(all: false));
        Assert.Single(lifecycle.List(all: true));
        Assert.Empty(fixture.Mounts()); // the exited container's overlay is unmounted once seen

        await lifecycle.RemoveAsync("svc", force: false, CancellationToken.None);
        Assert.Empty(lifecycle.List(all: true));
        Assert.Empty(fixture.Processes());
    }

    [SandboxFact]
    public async Task Rm_refuses_a_running_container_and_rm_force_kills_it()
    {
        var lifecycle = new ContainerLifecycle(fixture.Store.Root);
        var started = await fixture.RunAsync(new RunOptions(BusyboxImage.Reference) { Detach = true, Command = ["sleep", "600"] });
        var id = started.Outcome.Id;
        var e = await Assert.ThrowsAsync<RunnerException>(() => lifecycle.RemoveAsync(id[..12], force: false, CancellationToken.None));
        Assert.Contains("rm -f", e.Message);

        var killed = await lifecycle.KillAsync(id[..12], "KILL", CancellationToken.None);
        Assert.Equal(137, killed.ExitCode);
        await lifecycle.RemoveAsync(id, force: true, CancellationToken.None);
        Assert.Empty(fixture.Mounts());
        Assert.Empty(fixture.Processes());
        Assert.False(Directory.Exists(lifecycle.Store.DirectoryOf(id)));
    }

    private static async Task<string> LogsAsync(ContainerLifecycle lifecycle, string name, bool follow)
    {
        using var output = new MemoryStream();
        await lifecycle.LogsAsync(name, follow, output, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>The log fills asynchronously: read until it holds <paramref name="expected"/> (the test's timeout bounds it, not a timing assert).</summary>
    private static async Task<string> WaitForLogAsync(ContainerLifecycle lifecycle, string name, string expected)
    {
        string text;
        while ((text = await LogsAsync(lifecycle, name, follow: false)) != expected)
        {
            await Task.Delay(50);
        }

        return text;
    }
}
