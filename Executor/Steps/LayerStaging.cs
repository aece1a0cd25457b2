using System.Runtime.InteropServices;

namespace Builder.Executor.Steps;

/// <summary>
/// A folder that becomes one layer: every path in it is written with explicit mode, owner and
/// mtime (the layer writer takes them from lstat). Directories created implicitly are 0755 and
/// get <see cref="_now"/> as mtime; times are set last, after their content exists.
/// </summary>
/// <remarks>
/// Over a root file system (<see cref="OverRootfs"/>: the parent's overlay, whose upper dir
/// becomes the layer) the folder already holds the parent's tree: existing directories keep their
/// metadata, as in BuildKit, and paths resolve their symbolic links inside the root, so a link in
/// a base image can never lead a copy outside it.
/// </remarks>
internal sealed class LayerStaging
{
    private readonly DateTimeOffset _now;
    private readonly bool _overRootfs;
    private readonly Dictionary<string, DateTimeOffset> _dirTimes = new(StringComparer.Ordinal);

    // Over a root file system: the mtimes of the parent's directories this step writes into, put
    // back at the end so a copied-up directory differs from the parent's only in its entries and
    // the layer depends on the inputs, not on the wall clock.
    private readonly Dictionary<string, DateTime> _existingTimes = new(StringComparer.Ordinal);

    // Image directories this step has made sure of, with their host paths: a COPY of thousands of
    // files into a few folders resolves each folder once, not once per file and path component.
    // A path replaced by a file or a link drops itself and everything cached below it.
    private readonly Dictionary<string, string> _directories = new(StringComparer.Ordinal);

    // File copies by host path, made on all processors at once when the tree is complete
    // (FinishTimes): creating and filling thousands of files is most of a big COPY. The last
    // entry for a path wins, as if copied in order; a path that becomes something else drops it.
    private readonly Dictionary<string, PendingFile> _pending = new(StringComparer.Ordinal);

    private sealed record PendingFile(string Source, uint Mode, uint Uid, uint Gid);

    public LayerStaging(string root, DateTimeOffset now)
    {
        Root = root;
        _now = now;
        Directory.CreateDirectory(root);
        SetMode(root, 0b111_101_101);
    }

    private LayerStaging(string rootfs, DateTimeOffset now, bool overRootfs)
    {
        Root = rootfs;
        _now = now;
        _overRootfs = overRootfs;
    }

    /// <summary>Staging on top of an existing root file system (a mounted overlay of the parent's layers).</summary>
    public static LayerStaging OverRootfs(string rootfs, DateTimeOffset now) => new(rootfs, now, overRootfs: true);

    public string Root { get; }

    /// <summary>The staging path of an absolute image path (its parent's links resolved inside the root).</summary>
    public string PathOf(string imagePath)
    {
        if (!_overRootfs)
        {
            return Path.Combine(Root, imagePath.TrimStart('/'));
        }

        var trimmed = imagePath.Trim('/');
        int slash = trimmed.LastIndexOf('/');
        if (trimmed.Length == 0)
        {
            return Root;
        }

        var parent = slash < 0 ? "/" : "/" + trimmed[..slash];
        var parentHost = _directories.TryGetValue(parent, out var known) ? known : Run.RootfsPath.Resolve(Root, parent);
        return Path.Combine(parentHost, trimmed[(slash + 1)..]);
    }

    /// <summary>Whether <paramref name="imagePath"/> is a directory already (of the parent, or made by this step).</summary>
    public bool IsDirectory(string imagePath) =>
        _overRootfs ? Directory.Exists(Run.RootfsPath.Resolve(Root, imagePath)) : Directory.Exists(PathOf(imagePath));

    /// <summary>Creates <paramref name="imagePath"/> and its missing parents (0755, owned by uid:gid).</summary>
    public void EnsureDirectory(string imagePath, uint uid, uint gid)
    {
        var parts = imagePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = Root;
        var image = string.Empty;
        foreach (var part in parts)
        {
            image += "/" + part;
            if (_directories.TryGetValue(image, out var known))
            {
                current = known;
                continue;
            }

            current = _overRootfs ? Run.RootfsPath.Resolve(Root, image) : Path.Combine(current, part);
            if (_overRootfs && Directory.Exists(current) && !_dirTimes.ContainsKey(current))
            {
                _existingTimes.TryAdd(current, Directory.GetLastWriteTimeUtc(current));
            }

            if (!Directory.Exists(current))
            {
                _pending.Remove(current);
                Directory.CreateDirectory(current);
                SetMeta(current, 0b111_101_101, uid, gid);
                _dirTimes[current] = _now;
            }

            _directories[image] = current;
        }
    }

    /// <summary>Creates or updates a directory with the given metadata (mtime from the source).</summary>
    public void AddDirectory(string imagePath, uint mode, uint uid, uint gid, DateTimeOffset mtime, uint parentUid, uint parentGid)
    {
        var parent = Path.GetDirectoryName(imagePath.TrimEnd('/'))!.Replace('\\', '/');
        EnsureDirectory(parent, parentUid, parentGid);
        // Over a root file system the whole path resolves inside it: an existing link to a
        // directory is followed there (BuildKit's copier does the same), never on the host.
        var path = _overRootfs ? Run.RootfsPath.Resolve(Root, imagePath) : PathOf(imagePath);
        _pending.Remove(path);
        Directory.CreateDirectory(path);
        SetMeta(path, mode, uid, gid);
        _dirTimes[path] = mtime;
        _directories["/" + imagePath.Trim('/')] = path;
    }

    public void AddFile(string imagePath, string source, uint mode, uint uid, uint gid, uint parentUid, uint parentGid)
    {
        QueueFile(imagePath, source, mode, uid, gid, parentUid, parentGid);
        CopyPendingFiles();
    }

    /// <summary>
    /// As <see cref="AddFile"/>, but the data is copied by <see cref="CopyPendingFiles"/>, with
    /// others at once; until then <paramref name="source"/> must stay where it is.
    /// </summary>
    public void QueueFile(string imagePath, string source, uint mode, uint uid, uint gid, uint parentUid, uint parentGid)
    {
        EnsureDirectory(Path.GetDirectoryName(imagePath)!.Replace('\\', '/'), parentUid, parentGid);
        var path = PathOf(imagePath);
        RemoveExisting(imagePath, path);
        _pending[path] = new PendingFile(source, mode, uid, gid);
    }

    /// <summary>A file with the given content (here-documents), mtime <paramref name="mtime"/>.</summary>
    public void AddContent(string imagePath, byte[] content, uint mode, uint uid, uint gid, DateTimeOffset mtime, uint parentUid, uint parentGid)
    {
        EnsureDirectory(Path.GetDirectoryName(imagePath)!.Replace('\\', '/'), parentUid, parentGid);
        var path = PathOf(imagePath);
        RemoveExisting(imagePath, path);
        File.WriteAllBytes(path, content);
        SetMeta(path, mode, uid, gid);
        File.SetLastWriteTimeUtc(path, mtime.UtcDateTime);
    }

    public void AddSymlink(string imagePath, string target, uint uid, uint gid, uint parentUid, uint parentGid)
    {
        EnsureDirectory(Path.GetDirectoryName(imagePath)!.Replace('\\', '/'), parentUid, parentGid);
        var path = PathOf(imagePath);
        RemoveExisting(imagePath, path);
        File.CreateSymbolicLink(path, target);
        Chown(path, uid, gid);
    }

    /// <summary>
    /// Clears the way for a new file or link: whatever is at <paramref name="path"/> goes (a
    /// directory with its contents), and a link there is removed, never followed — a link in the
    /// parent image must not make a copy write through it to wherever it points on the host.
    /// </summary>
    private void RemoveExisting(string imagePath, string path)
    {
        _pending.Remove(path);
        var attributes = new FileInfo(path).Attributes; // one look: this runs for every copied file
        if ((int)attributes == -1)
        {
            return; // nothing there
        }

        if ((attributes & (FileAttributes.Directory | FileAttributes.ReparsePoint)) == FileAttributes.Directory)
        {
            Directory.Delete(path, recursive: true);
            var key = "/" + imagePath.Trim('/');
            foreach (var stale in _directories.Keys.Where(k => k == key || k.StartsWith(key + "/", StringComparison.Ordinal)).ToList())
            {
                _directories.Remove(stale);
            }

            foreach (var stale in _pending.Keys.Where(k => k.StartsWith(path + "/", StringComparison.Ordinal)).ToList())
            {
                _pending.Remove(stale);
            }
        }
        else
        {
            File.Delete(path); // a file, a link (never followed) or a special file
        }
    }

    /// <summary>Copies the files added so far, then sets directory mtimes (children first, so nothing written later moves them).</summary>
    public void FinishTimes()
    {
        CopyPendingFiles();
        foreach (var (path, time) in _dirTimes.OrderByDescending(p => p.Key.Length))
        {
            Directory.SetLastWriteTimeUtc(path, time.UtcDateTime);
        }

        foreach (var (path, time) in _existingTimes.Where(p => !_dirTimes.ContainsKey(p.Key)).OrderByDescending(p => p.Key.Length))
        {
            Directory.SetLastWriteTimeUtc(path, time);
        }

        if (!_overRootfs)
        {
            Directory.SetLastWriteTimeUtc(Root, _now.UtcDateTime);
        }
    }

    /// <summary>Copies the files added so far; their sources must still be there (a <c>--from</c> rootfs is unmounted after its copy).</summary>
    public void CopyPendingFiles()
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        try
        {
            Parallel.ForEach(_pending, parallel, p => StagedFile.Copy(p.Value.Source, p.Key, p.Value.Mode, p.Value.Uid, p.Value.Gid));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The first file's own error (disk full, a foreign owner without root), not a wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        _pending.Clear();
    }

    public void Delete()
    {
        if (!_overRootfs && Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private static void SetMeta(string path, uint mode, uint uid, uint gid)
    {
        Chown(path, uid, gid);
        SetMode(path, mode); // after chown: chown clears setuid/setgid
    }

    private static void SetMode(string path, uint mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the executor stages layers with POSIX modes and owners: Linux only");
        }

        File.SetUnixFileMode(path, (UnixFileMode)(mode & 0xFFF));
    }

    private static void Chown(string path, uint uid, uint gid)
    {
        if (NativeMethods.lchown(path, uid, gid) != 0)
        {
            throw OwnerError(path, uid, gid);
        }
    }

    /// <summary>A failed chown, with what to do (errno read right after the call).</summary>
    internal static IOException OwnerError(string path, uint uid, uint gid) =>
        new($"{path}: cannot set owner {uid}:{gid} (errno {Marshal.GetLastPInvokeError()}); building with --chown or file owners other than your own needs root.");

    private static class NativeMethods
    {
        [DllImport("libc.so.6", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
#pragma warning disable CA2101, SYSLIB1054 // plain ASCII/UTF-8 paths; a source-generated import needs unsafe code
        public static extern int lchown(string path, uint owner, uint group);
#pragma warning restore CA2101, SYSLIB1054
    }
}
