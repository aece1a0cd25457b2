using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Builder.Cache;
using Builder.Executor.Snapshots;
using Builder.Runner.Health;

namespace Builder.Runner.Containers;

/// <summary>
/// Containers under <c>ROOT/containers/&lt;id&gt;/</c>: <c>state.json</c> (<see cref="ContainerState"/>),
/// <c>bundle/config.json</c>, <c>rootfs/</c> (the overlay), <c>files/</c> (hosts, resolv.conf,
/// hostname), and for a detached container <c>log</c>, <c>pid</c> (the sandbox helper's) and
/// <c>exit</c>, written by builder-shim's monitor, which outlives the CLI (and <c>monitor</c>, its
/// pid; <c>health.json</c> with a HEALTHCHECK); <c>oom</c> when the kernel OOM-killed in it. An
/// exited container's overlay is unmounted the first time a command looks at it.
/// </summary>
public sealed class ContainerStore(StoreRoot root)
{
    public string Folder => Path.Combine(root.Path, "containers");

    public string DirectoryOf(string id) => Path.Combine(Folder, id);

    public string RootfsOf(string id) => Path.Combine(DirectoryOf(id), "rootfs");

    public string BundleOf(string id) => Path.Combine(DirectoryOf(id), "bundle");

    public string FilesOf(string id) => Path.Combine(DirectoryOf(id), "files");

    public string LogOf(string id) => Path.Combine(DirectoryOf(id), "log");

    /// <summary>Records a new container; its name must be free.</summary>
    public void Create(ContainerState state)
    {
        if (List().FirstOrDefault(c => c.State.Name == state.Name) is { } other)
        {
            throw new RunnerException($"the container name \"{state.Name}\" is already in use by container {other.State.Id[..12]}; remove it (builder rm {state.Name}) or choose another --name.");
        }

        Directory.CreateDirectory(DirectoryOf(state.Id));
        File.WriteAllText(Path.Combine(DirectoryOf(state.Id), "state.json"), JsonSerializer.Serialize(state, RunnerJson.Default.ContainerState));
    }

    public ImmutableArray<ContainerInfo> List()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        return [.. Directory.EnumerateDirectories(Folder)
            .Select(d => TryInfo(Path.GetFileName(d)))
            .OfType<ContainerInfo>()
            .OrderByDescending(c => c.State.Created)];
    }

    /// <summary>A container by full id, name or unique id prefix.</summary>
    public ContainerInfo Find(string text)
    {
        var all = List();
        var match = all.FirstOrDefault(c => c.State.Id == text || c.State.Name == text);
        if (match is not null)
        {
            return match;
        }

        var prefixed = all.Where(c => c.State.Id.StartsWith(text, StringComparison.Ordinal)).ToList();
        return prefixed.Count switch
        {
            1 => prefixed[0],
            0 => throw new RunnerException($"no such container: {text}. List them with builder ps -a."),
            _ => throw new RunnerException($"container id prefix {text} is ambiguous ({prefixed.Count} containers); give more digits or the name."),
        };
    }

    /// <summary>Writes the exit code of a foreground container (a detached one's monitor writes its own).</summary>
    public void RecordExit(string id, int exitCode) => WriteNumber(id, "exit", exitCode);

    /// <summary>Writes the sandbox helper's pid of a foreground container.</summary>
    public void RecordPid(string id, int pid) => WriteNumber(id, "pid", pid);

    /// <summary>Unmounts an exited container's overlay and reads its OOM kills, once; returns the fresh info. A <c>-d --rm</c> one is its monitor's to remove.</summary>
    public ContainerInfo Settle(ContainerInfo info)
    {
        if (info.Phase != ContainerPhase.Exited || info.State.AutoRemove || !Directory.Exists(RootfsOf(info.State.Id)))
        {
            return info;
        }

        ImageRootfs.Release(RootfsOf(info.State.Id));
        if (info.State.Limited && ContainerCgroups.WasOomKilled(info.State.Id, info.ExitCode, info.State.MemoryLimit))
        {
            WriteNumber(info.State.Id, "oom", 1);
        }

        return TryInfo(info.State.Id) ?? info;
    }

    /// <summary>Removes what is left of a container that is not running: its overlay, cgroups and folder.</summary>
    public void Delete(string id)
    {
        ImageRootfs.Release(RootfsOf(id));
        ContainerCgroups.WasOomKilled(id, null, null);
        Directory.Delete(DirectoryOf(id), recursive: true);
    }

    public ContainerInfo? TryInfo(string id)
    {
        var dir = DirectoryOf(id);
        var statePath = Path.Combine(dir, "state.json");
        if (!File.Exists(statePath))
        {
            return null;
        }

        ContainerState? state;
        try
        {
            state = JsonSerializer.Deserialize(File.ReadAllText(statePath), RunnerJson.Default.ContainerState);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            // Unreadable, or removed while we looked (a -d --rm container's monitor at work).
            return null;
        }

        if (state is null)
        {
            return null;
        }

        var pid = ReadNumber(id, "pid");
        var exit = ReadNumber(id, "exit");
        var exitFile = new FileInfo(Path.Combine(dir, "exit"));
        var phase = exit is not null ? ContainerPhase.Exited
            : pid is { } p && Launch.RunnerNative.Alive(p) ? ContainerPhase.Running
            : pid is not null ? ContainerPhase.Exited
            : ContainerPhase.Created;
        var finished = exitFile.Exists ? new DateTimeOffset(exitFile.LastWriteTimeUtc) : (DateTimeOffset?)null;
        return new ContainerInfo(state, phase, pid, exit, finished, File.Exists(Path.Combine(dir, "oom"))) { Health = HealthState.Read(dir) };
    }

    /// <summary>A number the container's processes keep in its folder (pid, exit, monitor), or null when absent.</summary>
    public int? ReadNumber(string id, string name)
    {
        try
        {
            var path = Path.Combine(DirectoryOf(id), name);
            return File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        }
        catch (IOException)
        {
            return null; // removed while we looked
        }
    }

    private void WriteNumber(string id, string name, int value)
    {
        var path = Path.Combine(DirectoryOf(id), name);
        File.WriteAllText(path + ".tmp", value.ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
