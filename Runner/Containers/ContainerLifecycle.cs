using System.Collections.Immutable;
using Builder.Cache;
using Builder.Runner.Exec;
using Builder.Runner.Health;
using Builder.Runner.Launch;

namespace Builder.Runner.Containers;

/// <summary>
/// <c>ps</c>, <c>stop</c>, <c>kill</c>, <c>rm</c>, <c>logs</c>, <c>inspect</c> and <c>exec</c> on the
/// containers of a store. Signals go to the sandbox helper, which forwards them to the container;
/// SIGKILL (which cannot be forwarded) goes to the container's init, so the pid namespace dies and
/// the helper still removes the cgroup and reports 137. A <c>-d --rm</c> container is removed by
/// its monitor when it exits; these commands then find it gone.
/// </summary>
public sealed class ContainerLifecycle(StoreRoot root)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public ContainerStore Store { get; } = new(root);

    public ImmutableArray<ContainerInfo> List(bool all) =>
        [.. Store.List().Select(Store.Settle).Where(c => all || c.Phase == ContainerPhase.Running)];

    public ContainerInfo Inspect(string name) => Store.Settle(Store.Find(name));

    /// <summary>Runs a command in a running container (<c>builder exec</c>); its exit code, 125 when it could not be started, 126/127 when not executable/found.</summary>
    public Task<int> ExecAsync(string name, ExecOptions options, RunStreams streams, CancellationToken ct)
    {
        var info = Store.Find(name);
        if (info.Phase != ContainerPhase.Running)
        {
            throw new RunnerException($"container {name} is not running ({info.StatusText(DateTimeOffset.UtcNow)}); exec needs a running one: start it with builder run -d, and see each container's state with builder ps -a.");
        }

        return ContainerExec.RunAsync(Store, info, options, streams, ct);
    }

    /// <summary>The image's STOPSIGNAL (default SIGTERM), then SIGKILL when it still runs after <paramref name="timeout"/>.</summary>
    public async Task<ContainerInfo> StopAsync(string name, TimeSpan timeout, CancellationToken ct)
    {
        var info = Store.Find(name);
        if (info.Phase != ContainerPhase.Running)
        {
            return Store.Settle(info);
        }

        RunnerNative.Signal(info.Pid!.Value, Signals.Parse(info.State.StopSignal));
        if (await WaitAsync(info, timeout, ct).ConfigureAwait(false) is { } stopped)
        {
            return stopped;
        }

        // Not through KillAsync: the stop signal may end it between the wait and a second look at
        // its state, and a container that stopped is stopped (as for docker stop), not an error.
        return await KillAndWaitAsync(info, ct).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="signal"/>; for SIGKILL waits until the container is gone.</summary>
    public async Task<ContainerInfo> KillAsync(string name, string signal, CancellationToken ct)
    {
        var info = Store.Find(name);
        if (info.Phase != ContainerPhase.Running)
        {
            throw new RunnerException($"container {name} is not running; nothing to signal (builder ps -a shows its state).");
        }

        int number = Signals.Parse(signal);
        if (number != RunnerNative.SigKill)
        {
            RunnerNative.Signal(info.Pid!.Value, number);
            return info;
        }

        return await KillAndWaitAsync(info, ct).ConfigureAwait(false);
    }

    private async Task<ContainerInfo> KillAndWaitAsync(ContainerInfo info, CancellationToken ct)
    {
        RunnerNative.Signal(InitOf(info.Pid!.Value) ?? info.Pid!.Value, RunnerNative.SigKill);
        return await WaitAsync(info, Timeout.InfiniteTimeSpan, ct).ConfigureAwait(false) ?? info;
    }

    /// <summary>Removes a container; a running one only with <paramref name="force"/> (killed first).</summary>
    public async Task RemoveAsync(string name, bool force, CancellationToken ct)
    {
        var info = Store.Find(name);
        if (info.Phase == ContainerPhase.Running)
        {
            if (!force)
            {
                throw new RunnerException($"container {name} is running: stop it first (builder stop {name}) or remove it with builder rm -f.");
            }

            await KillAsync(name, "KILL", ct).ConfigureAwait(false);
        }

        if (info.State.AutoRemove && await MonitorRemovedAsync(info.State.Id, ct).ConfigureAwait(false))
        {
            return;
        }

        Store.Delete(info.State.Id);
    }

    /// <summary>Copies the log to <paramref name="output"/>; with <paramref name="follow"/> keeps copying until the container exits.</summary>
    public async Task LogsAsync(string name, bool follow, Stream output, CancellationToken ct)
    {
        var info = Store.Find(name);
        var path = Store.LogOf(info.State.Id);
        if (!info.State.Detached)
        {
            throw new RunnerException($"container {name} ran in the foreground, so its output went to the terminal and no log was kept; run with -d to keep one.");
        }

        await using var log = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        while (true)
        {
            await log.CopyToAsync(output, ct).ConfigureAwait(false);
            if (!follow || Store.TryInfo(info.State.Id) is not { Phase: ContainerPhase.Running })
            {
                // One more read: what was written between the last copy and the exit.
                await log.CopyToAsync(output, ct).ConfigureAwait(false);
                await output.FlushAsync(ct).ConfigureAwait(false);
                return;
            }

            await output.FlushAsync(ct).ConfigureAwait(false);
            await Task.Delay(Poll, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The container once it has exited (or, for <c>-d --rm</c>, is gone); null when still running at the timeout.</summary>
    private async Task<ContainerInfo?> WaitAsync(ContainerInfo info, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = timeout == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            switch (Store.TryInfo(info.State.Id))
            {
                case null:
                    return info with { Phase = ContainerPhase.Exited, Pid = null, ExitCode = null };
                case { Phase: ContainerPhase.Exited } exited:
                    return Store.Settle(exited);
            }

            await Task.Delay(Poll, ct).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>
    /// Waits while a <c>-d --rm</c> container's monitor removes it; false when the monitor is gone
    /// with the folder still there (it was killed), so the caller removes it instead.
    /// </summary>
    private async Task<bool> MonitorRemovedAsync(string id, CancellationToken ct)
    {
        var folder = Store.DirectoryOf(id);
        var monitor = Store.ReadNumber(id, "monitor");
        while (Directory.Exists(folder) && monitor is { } pid && RunnerNative.Alive(pid))
        {
            await Task.Delay(Poll, ct).ConfigureAwait(false);
        }

        return !Directory.Exists(folder);
    }

    /// <summary>The helper's only child: the container's init (pid 1 inside).</summary>
    private static int? InitOf(int helper)
    {
        var path = $"/proc/{helper}/task/{helper}/children";
        var text = File.Exists(path) ? File.ReadAllText(path).Trim() : string.Empty;
        return int.TryParse(text.Split(' ')[0], out var child) ? child : null;
    }
}
