namespace Builder.Runner.Containers;

/// <summary>
/// A limited container's cgroups are <c>builder/&lt;id&gt;/c</c> under the CLI's own cgroup in each
/// hierarchy. The sandbox removes the leaf <c>c</c> when the container ends; the
/// <c>builder/&lt;id&gt;</c> parent stays so its (hierarchical) OOM-kill counter can be read, then
/// it is removed here. On cgroup v2 the parent's <c>memory.events</c> counts the leaf's OOM kills.
/// On v1 event counters are not hierarchical, so the sign is the one docker users read too: the
/// container was SIGKILLed (137) and the parent's <c>memory.max_usage_in_bytes</c> (hierarchical)
/// reached the limit.
/// </summary>
internal static class ContainerCgroups
{
    private const string Base = "/sys/fs/cgroup";

    public static string PathFor(string id) => $"builder/{id}/c";

    /// <summary>Whether the kernel OOM-killed in the container (see the class remarks); removes its parent cgroups.</summary>
    public static bool WasOomKilled(string id, int? exitCode, long? memoryLimit)
    {
        bool killed = false;
        foreach (var dir in ParentDirectories(id))
        {
            if (!Directory.Exists(dir))
            {
                continue;
            }

            var events = Path.Combine(dir, "memory.events");
            var peak = Path.Combine(dir, "memory.max_usage_in_bytes");
            if (File.Exists(events))
            {
                killed |= ReadCounter(events, "oom_kill") > 0;
            }
            else if (File.Exists(peak) && exitCode == 137 && memoryLimit is { } limit
                && long.TryParse(File.ReadAllText(peak).Trim(), out var used) && used >= limit - (limit / 50))
            {
                killed = true;
            }

            Remove(dir);
        }

        return killed;
    }

    private static IEnumerable<string> ParentDirectories(string id)
    {
        if (!File.Exists("/proc/self/cgroup"))
        {
            yield break;
        }

        foreach (var line in File.ReadAllLines("/proc/self/cgroup"))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }

            var own = parts[2] == "/" ? string.Empty : parts[2];
            if (parts[1].Length == 0)
            {
                yield return $"{Base}/unified{own}/builder/{id}";
                yield return $"{Base}{own}/builder/{id}";
                continue;
            }

            foreach (var controller in parts[1].Split(','))
            {
                if (controller is "memory" or "cpu" or "pids")
                {
                    yield return $"{Base}/{controller}{own}/builder/{id}";
                }
            }
        }
    }

    private static long ReadCounter(string path, string name)
    {
        foreach (var line in File.ReadLines(path))
        {
            var fields = line.Split(' ', 2);
            if (fields.Length == 2 && fields[0] == name && long.TryParse(fields[1], out var value))
            {
                return value;
            }
        }

        return 0;
    }

    private static void Remove(string dir)
    {
        try
        {
            // A leaf left behind (the sandbox was SIGKILLed) goes first; cgroup dirs are removed with rmdir only.
            var leaf = Path.Combine(dir, "c");
            if (Directory.Exists(leaf))
            {
                Directory.Delete(leaf);
            }

            Directory.Delete(dir);
        }
        catch (IOException)
        {
            // Still busy (a process lingers): `builder rm` tries again.
        }
    }
}
