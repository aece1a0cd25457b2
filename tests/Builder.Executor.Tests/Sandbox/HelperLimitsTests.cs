using System.Collections.Concurrent;
using System.Globalization;
using Builder.Executor.Sandbox;
using Builder.TestKit;
using Xunit;

namespace Builder.Executor.Tests.Sandbox;

/// <summary>cgroup limits, cancellation and signal forwarding: nothing may outlive the run.</summary>
public sealed class HelperLimitsTests(SandboxRootfs rootfs) : IClassFixture<SandboxRootfs>
{
    [RootFact]
    public async Task A_pids_limit_contains_a_fork_bomb_and_its_cgroup_is_removed()
    {
        var marker = Marker();
        // busybox sh gives up at the first failed fork, so a child shell forks; the outer one then
        // counts /proc entries with built-ins only (no process needed).
        var request = rootfs.Request("sh", "-c", $"sh -c 'i=0; while [ $i -lt 64 ]; do sleep {marker} & i=$((i+1)); done'; n=0; for p in /proc/[0-9]*; do n=$((n+1)); done; echo $n") with
        {
            Resources = new LinuxResources(Pids: new PidsResources(16)),
        };
        var before = CgroupLeaves("pids");

        var run = await rootfs.RunAsync(request);

        Assert.True(run.ExitCode == 0, run.ToString());
        var count = int.Parse(Assert.Single(run.Stdout), CultureInfo.InvariantCulture);
        Assert.InRange(count, 2, 16);
        Assert.Contains(run.Stderr, l => l.Contains("can't fork", StringComparison.Ordinal));
        Assert.Empty(HostProcesses.WithCommandLine("sleep\0" + marker));
        Assert.Equal(before, CgroupLeaves("pids"));
    }

    [RootFact]
    public async Task A_memory_limit_kills_the_command()
    {
        // The shell keeps a command substitution's output in memory: 256 MiB against a 32 MiB limit.
        var request = rootfs.Request("sh", "-c", "x=$(head -c 268435456 /dev/zero | tr '\\0' a); echo survived ${#x}") with
        {
            Resources = new LinuxResources(Memory: new MemoryResources(32 << 20, 32 << 20)),
        };

        var run = await rootfs.RunAsync(request);

        Assert.True(run.ExitCode == 137, run.ToString());
        Assert.DoesNotContain(run.Stdout, l => l.StartsWith("survived", StringComparison.Ordinal));
    }

    [RootFact]
    public async Task Cancellation_forwards_SIGTERM_to_the_command()
    {
        var lines = new ConcurrentQueue<string>();
        using var cts = new CancellationTokenSource();
        var request = rootfs.Request("sh", "-c", $"trap 'echo got TERM; exit 7' TERM; echo ready; sleep {Marker()} & wait");
        var runner = new SandboxRunner(rootfs.WorkDirectory, TimeSpan.FromMinutes(1));

        var task = runner.RunAsync(request, new SandboxOutput(line => Ready(line, lines, cts)), cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Equal(["ready", "got TERM"], lines.ToArray());
    }

    [RootFact]
    public async Task Cancellation_of_a_command_ignoring_SIGTERM_kills_the_tree_and_leaves_nothing_behind()
    {
        var marker = Marker();
        var lines = new ConcurrentQueue<string>();
        using var cts = new CancellationTokenSource();
        var request = rootfs.Request("sh", "-c", $"trap '' TERM; sleep {marker} & sleep {marker} & echo ready; wait") with
        {
            Resources = new LinuxResources(Pids: new PidsResources(32)),
        };
        var runner = new SandboxRunner(rootfs.WorkDirectory, TimeSpan.FromMilliseconds(200));
        var before = CgroupLeaves("pids");

        var task = runner.RunAsync(request, new SandboxOutput(line => Ready(line, lines, cts)), cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Equal(["ready"], lines.ToArray());
        Assert.Empty(HostProcesses.WithCommandLine("sleep\0" + marker));
        Assert.Empty(HostProcesses.WithCommandLine("builder-sandbox\0run\0" + rootfs.WorkDirectory));
        Assert.Empty(HostProcesses.MountsUnder(rootfs.Path));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(rootfs.WorkDirectory), p => Path.GetFileName(p).StartsWith("sandbox-", StringComparison.Ordinal));
        // The helper was SIGKILLed: the launcher removed the cgroup it had listed in the bundle.
        Assert.Equal(before, CgroupLeaves("pids"));
    }

    private static void Ready(string line, ConcurrentQueue<string> lines, CancellationTokenSource cts)
    {
        lines.Enqueue(line);
        if (line == "ready")
        {
            cts.Cancel();
        }
    }

    private static string Marker() => Random.Shared.Next(600000, 699999).ToString(CultureInfo.InvariantCulture);

    /// <summary>builder/ cgroups under this process's cgroup of a v1 controller (or v2), to see that none is left.</summary>
    private static IReadOnlyList<string> CgroupLeaves(string controller)
    {
        var root = Directory.Exists($"/sys/fs/cgroup/{controller}") ? $"/sys/fs/cgroup/{controller}" : "/sys/fs/cgroup";
        return [.. Directory.EnumerateDirectories(root, "builder", SearchOption.AllDirectories)
            .SelectMany(d => Directory.EnumerateDirectories(d))
            .Order(StringComparer.Ordinal)];
    }
}
