using Builder.Executor.Snapshots.Native;

namespace Builder.Executor.Snapshots;

/// <summary>
/// Writes what changed in a copy-snapshotter tree since its <see cref="TreeManifest"/> as an
/// overlay upper dir, so the layer is written by the same code as an overlay's and holds the
/// same entries for the same change set.
/// </summary>
/// <remarks>
/// Changed and new files are hard links to the merged tree (same file system, no copying; links
/// between them stay links in the layer). Directories on the way are created with the merged
/// directory's mode, owner, extended attributes and, at the end, times, as overlayfs's copy-up
/// does. A deleted path becomes a whiteout and a directory replaced by a new directory becomes
/// opaque; both are written in the <c>user.overlay.</c> form (an empty file with
/// <c>user.overlay.whiteout</c>, <c>user.overlay.opaque=y</c>), which needs no privilege and
/// which the layer writer reads like the kernel's. A directory replaced by a file needs no
/// whiteout: a layer entry replaces whatever was at its path.
/// </remarks>
internal sealed class CopyDiff
{
    private static readonly byte[] Yes = "y"u8.ToArray();

    private readonly string _merged;
    private readonly string _upper;
    private readonly TreeManifest _baseline;
    private readonly HashSet<string> _created = new(StringComparer.Ordinal);
    private readonly List<(string Upper, DateTime Atime, DateTime Mtime)> _directoryTimes = [];

    private CopyDiff(string merged, string upper, TreeManifest baseline)
    {
        _merged = merged;
        _upper = upper;
        _baseline = baseline;
    }

    public static void Write(string merged, string upper, TreeManifest baseline, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(upper);
        var diff = new CopyDiff(merged, upper, baseline);
        diff.Visit("", hasBaseline: true, cancellationToken);

        // Last, deepest first: creating entries in a directory moves its mtime.
        for (int i = diff._directoryTimes.Count - 1; i >= 0; i--)
        {
            var (path, atime, mtime) = diff._directoryTimes[i];
            Directory.SetLastAccessTimeUtc(path, atime);
            Directory.SetLastWriteTimeUtc(path, mtime);
        }
    }

    private void Visit(string directory, bool hasBaseline, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in Directory.EnumerateFileSystemEntries(TreeManifest.Combine(_merged, directory), "*", TreeManifest.ListOptions))
        {
            var name = Path.GetFileName(entry);
            present.Add(name);
            var relative = TreeManifest.Join(directory, name);
            var stat = SnapshotLibC.LStat(entry) ?? throw new IOException($"'{entry}' vanished while the step's changes were read.");
            var old = hasBaseline ? _baseline.Find(relative) : null;
            if (old is null)
            {
                Add(relative, stat, opaque: false, cancellationToken);
            }
            else if (old.Stat.Identity != stat.Identity || old.Stat.Type != stat.Type)
            {
                // Deleted and made again: a new directory hides everything the old one held.
                Add(relative, stat, opaque: stat.IsDirectory, cancellationToken);
            }
            else if (stat.IsDirectory)
            {
                if (old.Stat.Ctime != stat.Ctime)
                {
                    CreateDirectory(relative, opaque: false);
                }

                Visit(relative, hasBaseline: true, cancellationToken);
            }
            else if (old.Stat.Ctime != stat.Ctime)
            {
                Link(relative);
            }
        }

        if (hasBaseline && _baseline.Find(directory) is { } before)
        {
            foreach (var name in before.Children)
            {
                if (!present.Contains(name))
                {
                    Whiteout(TreeManifest.Join(directory, name));
                }
            }
        }
    }

    private void Add(string relative, NodeStat stat, bool opaque, CancellationToken cancellationToken)
    {
        if (stat.IsDirectory)
        {
            CreateDirectory(relative, opaque);
            Visit(relative, hasBaseline: false, cancellationToken);
        }
        else
        {
            Link(relative);
        }
    }

    private void Link(string relative)
    {
        EnsureParents(relative);
        var source = TreeManifest.Combine(_merged, relative);
        var target = TreeManifest.Combine(_upper, relative);
        SnapshotLibC.Check(SnapshotLibC.linkat(SnapshotLibC.AtFdCwd, source, SnapshotLibC.AtFdCwd, target, 0), "link", target);
    }

    private void Whiteout(string relative)
    {
        EnsureParents(relative);
        var target = TreeManifest.Combine(_upper, relative);
        File.WriteAllBytes(target, []);
        SnapshotLibC.SetXattr(target, "user.overlay.whiteout", Yes);
    }

    private void EnsureParents(string relative)
    {
        int slash = relative.LastIndexOf('/');
        if (slash > 0 && !_created.Contains(relative[..slash]))
        {
            EnsureParents(relative[..slash]);
            CreateDirectory(relative[..slash], opaque: false);
        }
    }

    private void CreateDirectory(string relative, bool opaque)
    {
        if (!_created.Add(relative))
        {
            return;
        }

        var source = TreeManifest.Combine(_merged, relative);
        var target = TreeManifest.Combine(_upper, relative);
        var stat = SnapshotLibC.LStat(source) ?? throw new IOException($"'{source}' vanished while the step's changes were read.");
        Directory.CreateDirectory(target);
        SnapshotLibC.Check(SnapshotLibC.chmod(target, stat.Mode & 0xFFF), "chmod", target);
        if (Environment.IsPrivilegedProcess)
        {
            SnapshotLibC.Check(SnapshotLibC.lchown(target, (int)stat.Uid, (int)stat.Gid), "lchown", target);
        }

        foreach (var name in SnapshotLibC.ListXattrs(source))
        {
            // What the layer writer keeps of a directory; overlay's own attributes are set below.
            bool kept = (name.StartsWith("user.", StringComparison.Ordinal) || name.StartsWith("trusted.", StringComparison.Ordinal)) &&
                !name.StartsWith("user.overlay.", StringComparison.Ordinal) && !name.StartsWith("trusted.overlay.", StringComparison.Ordinal);
            if (kept && SnapshotLibC.GetXattr(source, name) is { } value)
            {
                SnapshotLibC.SetXattr(target, name, value);
            }
        }

        if (opaque)
        {
            SnapshotLibC.SetXattr(target, "user.overlay.opaque", Yes);
        }

        _directoryTimes.Add((target, Directory.GetLastAccessTimeUtc(source), Directory.GetLastWriteTimeUtc(source)));
    }
}
