namespace Builder.Executor.Run;

/// <summary>
/// A container path resolved to a host path inside a root file system, following symbolic links
/// as the container would see them (an absolute target restarts at the rootfs, <c>..</c> stops at
/// it), so a link such as <c>/var/run -> /run</c> can never lead outside the rootfs (the
/// "secure join" runc does for mount targets).
/// </summary>
internal static class RootfsPath
{
    private const int MaxLinks = 40;

    public static string Resolve(string rootfs, string containerPath)
    {
        var resolved = new List<string>();
        var pending = new Stack<string>(containerPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        int links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var host = Path.Combine(rootfs, Path.Combine([.. resolved, part]));
            if (new FileInfo(host).LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    throw new IOException($"{containerPath}: too many levels of symbolic links in the root file system");
                }

                if (target.StartsWith('/'))
                {
                    resolved.Clear();
                }

                foreach (var next in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    pending.Push(next);
                }

                continue;
            }

            resolved.Add(part);
        }

        return resolved.Count == 0 ? rootfs : Path.Combine(rootfs, Path.Combine([.. resolved]));
    }
}
