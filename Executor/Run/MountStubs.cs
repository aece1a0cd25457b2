namespace Builder.Executor.Run;

/// <summary>
/// Mount points a RUN needs that its root file system lacks (a <c>--mount</c> target,
/// <c>/etc/hosts</c>): created before the process starts; afterwards the file stubs that are
/// still empty are removed so they do not end up in the layer, while created directories stay —
/// what BuildKit's mount-stub cleaner does (a cache mount at <c>/var/cache/app</c> leaves both
/// directories in the image).
/// </summary>
internal sealed class MountStubs(string rootfs)
{
    private readonly List<string> _created = [];

    /// <summary>Makes <paramref name="target"/> (absolute in the container) a directory, or an empty file when <paramref name="file"/>.</summary>
    /// <returns>The host path of the target, inside the rootfs (symbolic links followed within it).</returns>
    public string Ensure(string target, bool file)
    {
        var parts = target.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var container = string.Empty;
        for (int i = 0; i < parts.Length; i++)
        {
            container += "/" + parts[i];
            var path = RootfsPath.Resolve(rootfs, container);
            bool last = i == parts.Length - 1;
            if (Path.Exists(path))
            {
                continue;
            }

            if (last && file)
            {
                File.WriteAllBytes(path, []);
            }
            else
            {
                Directory.CreateDirectory(path);
            }

            _created.Add(path);
        }

        return RootfsPath.Resolve(rootfs, target);
    }

    /// <summary>Removes the file stubs that are still empty.</summary>
    public void Remove()
    {
        for (int i = _created.Count - 1; i >= 0; i--)
        {
            var path = _created[i];
            try
            {
                if (File.Exists(path) && new FileInfo(path).Length == 0)
                {
                    File.Delete(path);
                }
            }
            catch (IOException)
            {
                // still in use or no longer ours to remove: left as the process left it
            }
        }

        _created.Clear();
    }
}
