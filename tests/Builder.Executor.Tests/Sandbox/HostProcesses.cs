namespace Builder.Executor.Tests.Sandbox;

/// <summary>What the host sees of a finished or cancelled sandbox: processes and mounts left behind.</summary>
internal static class HostProcesses
{
    /// <summary>Host pids whose command line (NUL-separated) contains <paramref name="fragment"/>.</summary>
    public static IReadOnlyList<int> WithCommandLine(string fragment)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(fragment, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }

    /// <summary>Lines of the host's mountinfo that mention <paramref name="path"/>.</summary>
    public static IReadOnlyList<string> MountsUnder(string path) =>
        [.. File.ReadAllLines("/proc/self/mountinfo").Where(l => l.Contains(path, StringComparison.Ordinal))];
}
