using System.Collections.Immutable;
using Builder.Executor.Snapshots.Native;

namespace Builder.Executor.Snapshots;

/// <summary>One path of a materialised tree as it was before the step ran.</summary>
/// <param name="Children">A directory's entry names; empty for anything else.</param>
internal sealed record ManifestNode(NodeStat Stat, ImmutableArray<string> Children);

/// <summary>
/// The copy snapshotter's baseline: every path of the freshly materialised tree with the identity
/// (inode, birth time) and ctime of its inode, taken right after the lower layers were applied.
/// </summary>
/// <remarks>
/// The kernel moves ctime on every change of content, mode, owner, extended attributes or link
/// count, and no system call lets a process set it, so "same inode, same ctime" proves a path
/// unchanged without keeping a second copy of the lower tree to compare contents with. Like
/// overlayfs's copy-up, a change that restores the old value (chmod to the same mode, rewriting
/// the same bytes) still counts as a change. Paths are .NET strings: names that are not UTF-8
/// are not supported by the copy snapshotter.
/// </remarks>
internal sealed class TreeManifest
{
    private readonly Dictionary<string, ManifestNode> _nodes;

    private TreeManifest(Dictionary<string, ManifestNode> nodes) => _nodes = nodes;

    public static EnumerationOptions ListOptions { get; } = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    public int Count => _nodes.Count;

    public static TreeManifest Capture(string root, CancellationToken cancellationToken)
    {
        var nodes = new Dictionary<string, ManifestNode>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push("");
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = pending.Pop();
            var full = Combine(root, relative);
            var stat = SnapshotLibC.LStat(full) ?? throw new IOException($"'{full}' vanished while the snapshot was recorded.");
            var children = ImmutableArray<string>.Empty;
            if (stat.IsDirectory)
            {
                children = [.. Directory.EnumerateFileSystemEntries(full, "*", ListOptions).Select(Path.GetFileName).OfType<string>()];
                foreach (var child in children)
                {
                    pending.Push(Join(relative, child));
                }
            }

            nodes.Add(relative, new ManifestNode(stat, children));
        }

        return new TreeManifest(nodes);
    }

    public ManifestNode? Find(string relative) => _nodes.TryGetValue(relative, out var node) ? node : null;

    public static string Join(string parent, string name) => parent.Length == 0 ? name : parent + "/" + name;

    public static string Combine(string root, string relative) => relative.Length == 0 ? root : root + "/" + relative;
}
