using Builder.Cache.Layers.Native;

namespace Builder.Cache.Layers;

internal enum ParentStatus
{
    /// <summary>Every parent is a real directory (some perhaps just created).</summary>
    Ok,

    /// <summary>A parent does not exist and was not to be created.</summary>
    Missing,

    /// <summary>A parent is a symlink: writing there would follow it.</summary>
    Symlink,

    /// <summary>A parent exists but is not a directory.</summary>
    NotDirectory,
}

/// <summary>The outcome of checking a path's parents; <see cref="Component"/> is the one at fault.</summary>
internal readonly record struct ParentCheck(ParentStatus Status, LayerPath Component, string? LinkTarget)
{
    public bool IsOk => Status == ParentStatus.Ok;

    /// <summary>Why the path cannot be reached, for an error message ("entry 'x' {Describe()}").</summary>
    public string Describe() => Status switch
    {
        ParentStatus.Symlink when SafePath.PointsOutside(Component, LinkTarget ?? string.Empty) =>
            $"resolves through symlink '{Component}' (-> '{LinkTarget}') to outside the root",
        ParentStatus.Symlink =>
            $"resolves through symlink '{Component}' (-> '{LinkTarget}'), and entries are never reached through symlinks",
        ParentStatus.NotDirectory => $"has a parent '{Component}' that is not a directory",
        ParentStatus.Missing => $"has a parent '{Component}' that does not exist",
        _ => "resolves safely",
    };
}

/// <summary>
/// Resolves layer paths against the root one component at a time with lstat, so nothing is ever
/// reached through a symlink: a parent that is a symlink is an error, whatever it points at.
/// The final component is never resolved here; callers act on it with calls that do not follow
/// it (lchown, utimensat(AT_SYMLINK_NOFOLLOW), O_EXCL creation, unlink...).
/// This is race-free as long as nothing else writes under the root while the layer is applied:
/// a fresh apply happens in a private (0700) temp directory; an in-place apply needs an unused
/// snapshot (see <see cref="ApplyTarget.Existing"/>).
/// </summary>
internal sealed class SafePathResolver
{
    private const uint ImplicitDirectoryMode = 0x1ED; // 0755

    public SafePathResolver(string root)
    {
        Root = root;
    }

    public string Root { get; }

    public string HostPath(LayerPath path) => path.Under(Root);

    /// <summary>
    /// Checks that every parent of <paramref name="path"/> is a real directory, creating missing
    /// ones (0755, as containerd does) when <paramref name="create"/> is set; created directories
    /// are reported through <paramref name="created"/>.
    /// </summary>
    public ParentCheck CheckParents(LayerPath path, bool create, Action<LayerPath>? created = null)
    {
        bool missing = false;
        foreach (var ancestor in path.Ancestors())
        {
            var host = HostPath(ancestor);
            if (!missing)
            {
                int rc = ApplierLibC.LStat(host, out var st);
                if (rc == 0)
                {
                    if (st.IsSymlink)
                    {
                        return new ParentCheck(ParentStatus.Symlink, ancestor, ReadLink(host));
                    }

                    if (!st.IsDirectory)
                    {
                        return new ParentCheck(ParentStatus.NotDirectory, ancestor, null);
                    }

                    continue;
                }

                if (rc != -ApplierLibC.ENOENT)
                {
                    throw Errno.Exception(rc, "lstat", host);
                }

                missing = true;
            }

            if (!create)
            {
                return new ParentCheck(ParentStatus.Missing, ancestor, null);
            }

            Errno.Check(ApplierLibC.Mkdir(host, ImplicitDirectoryMode), "mkdir", host);
            Errno.Check(ApplierLibC.Chmod(host, ImplicitDirectoryMode), "chmod", host);
            created?.Invoke(ancestor);
        }

        return new ParentCheck(ParentStatus.Ok, LayerPath.Root, null);
    }

    /// <summary>lstat of the path itself; null when it does not exist.</summary>
    public ApplierLibC.Statx? LStat(LayerPath path) => LStatHost(HostPath(path));

    public static ApplierLibC.Statx? LStatHost(string host)
    {
        int rc = ApplierLibC.LStat(host, out var st);
        if (rc == -ApplierLibC.ENOENT || rc == -ApplierLibC.ENOTDIR)
        {
            return null;
        }

        Errno.Check(rc, "lstat", host);
        return st;
    }

    /// <summary>
    /// Removes a file, symlink, device or whole directory tree without following any symlink
    /// (a symlink is unlinked, never descended into). Missing is fine.
    /// </summary>
    public static void RemoveAll(string host)
    {
        if (LStatHost(host) is not { } st)
        {
            return;
        }

        if (!st.IsDirectory)
        {
            Errno.Check(ApplierLibC.Unlink(host), "unlink", host);
            return;
        }

        // Let a non-root caller empty a directory the layer made read-only (root needs no help).
        if ((st.Permissions & 0x1C0) != 0x1C0)
        {
            Errno.Check(ApplierLibC.Chmod(host, st.Permissions | 0x1C0), "chmod", host);
        }

        foreach (var child in Directory.EnumerateFileSystemEntries(host))
        {
            RemoveAll(child);
        }

        Errno.Check(ApplierLibC.Rmdir(host), "rmdir", host);
    }

    private static string ReadLink(string host) => new FileInfo(host).LinkTarget ?? string.Empty;
}

/// <summary>libc results (0 or -errno) to exceptions; the message names the call and the path.</summary>
internal static class Errno
{
    public static void Check(int rc, string call, string path)
    {
        if (rc != 0)
        {
            throw Exception(rc, call, path);
        }
    }

    public static IOException Exception(int rc, string call, string path) =>
        new($"{call} '{path}' failed: {ApplierLibC.Describe(rc)}", -rc);
}
