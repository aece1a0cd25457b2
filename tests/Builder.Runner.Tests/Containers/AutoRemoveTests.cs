using Builder.Runner.Containers;
using Builder.TestKit;
using Xunit;

namespace Builder.Runner.Tests.Containers;

/// <summary><c>-d --rm</c>: the container's monitor removes it (folder, overlay, cgroups) when it exits, however it ends.</summary>
public sealed class AutoRemoveTests(RunnerStore fixture) : IClassFixture<RunnerStore>
{
    [SandboxFact]
    public async Task A_detached_rm_container_is_removed_when_it_exits()
    {
        var lifecycle = new ContainerLifecycle(fixture.Store.Root);
        var id = (await fixture.RunAsync(new RunOptions(BusyboxImage.Reference) { Detach = true, Remove = true, Memory = "64m", Command = ["sh", "-c", "sleep 1; echo done"] })).Outcome.Id;
        RunnerStore.WaitUntil(() => !Directory.Exists(lifecycle.Store.DirectoryOf(id)), "the monitor to remove the container");
        Assert.Empty(lifecycle.List(all: true));
        Assert.Empty(RunnerStore.Cgroups(id));
        fixture.AssertNothingLeft();
    }

    [SandboxFact]
    public async Task Rm_force_and_stop_wait_for_the_monitors_removal()
    {
        var lifecycle = new ContainerLifecycle(fixture.Store.Root);
        var sleeping = (await fixture.RunAsync(new RunOptions(BusyboxImage.Reference) { Detach = true, Remove = true, PidsLimit = 20, Command = ["sleep", "600"] })).Outcome.Id;
        await lifecycle.RemoveAsync(sleeping[..12], force: true, CancellationToken.None);
        Assert.False(Directory.Exists(lifecycle.Store.DirectoryOf(sleeping)));
        Assert.Empty(RunnerStore.Cgroups(sleeping));

        var trapping = (await fixture.RunAsync(new RunOptions(BusyboxImage.Reference) { Detach = true, Remove = true, Name = "trapper", Command = ["sh", "-c", "trap 'exit 7' TERM; echo up; while true; do sleep 0.1; done"] })).Outcome.Id;
        RunnerStore.WaitUntil(() => File.Exists(lifecycle.Store.LogOf(trapping)) && File.ReadAllText(lifecycle.Store.LogOf(trapping)) == "up\n", "the trap to be set");
        var stopped = await lifecycle.StopAsync("trapper", TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(ContainerPhase.Exited, stopped.Phase);
        RunnerStore.WaitUntil(() => !Directory.Exists(lifecycle.Store.DirectoryOf(trapping)), "the monitor to remove the stopped container");
        Assert.Empty(lifecycle.List(all: true));
        fixture.AssertNothingLeft();
    }
}
