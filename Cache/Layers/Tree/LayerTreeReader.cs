using System.Collections.Immutable;
using Builder.Cache.Layers.Native;
using Builder.Cache.Layers.Tar;

namespace Builder.Cache.Layers.Tree;

/// <summary>
/// Walks a layer's source tree and yields its entries in layer order, reading names as bytes.
/// </summary>
/// <remarks>
/// <para>
/// Order: depth first, the children of each directory sorted by the byte-wise ordinal of their
/// (UTF-8) names in the layer, a directory right before its contents. This is the order of
/// <c>tar --sort=name</c> and of Go's <c>filepath.Walk</c> (what containerd and BuildKit write),
/// and equals sorting whole paths byte-wise with '/' ranked below every other byte. It differs
/// from a plain byte sort of whole paths only for siblings such as <c>a-b</c> and <c>a/x</c>,
/// and it lets the walk stream: memory grows with the widest directory, not with the tree.
/// </para>
/// <para>
/// The root itself is not an entry (layers carry no <c>./</c>). Sockets are skipped, as GNU tar
/// does: tar cannot represent them and they are recreated by whoever listens.
/// </para>
/// </remarks>
internal sealed class LayerTreeReader
{
    private readonly bool _overlayUpper;

    public LayerTreeReader(LayerSourceKind kind)
    {
        _overlayUpper = kind == LayerSourceKind.OverlayUpper;
    }

    public IEnumerable<LayerEntry> Read(string root, CancellationToken cancellationToken = default)
    {
        var rootPath = NativePath.FromString(root);
        FileStatus status;
        try
        {
            status = NativeFile.Stat(rootPath, followSymlink: true);
        }
        catch (IOException e) when (e.HResult == LibC.ENoEnt)
        {
            throw new DirectoryNotFoundException($"the layer source {root} does not exist.", e);
        }

        if (status.Kind != FileKind.Directory)
        {
            throw new IOException($"the layer source {root} is not a directory.");
        }

        return Walk(rootPath, cancellationToken);
    }

    private IEnumerable<LayerEntry> Walk(NativePath root, CancellationToken cancellationToken)
    {
        var stack = new Stack<(List<LayerEntry> Children, int Next)>();
        stack.Push((ReadChildren(root, []), 0));
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (children, next) = stack.Pop();
            if (next == children.Count)
            {
                continue;
            }

            stack.Push((children, next + 1));
            var entry = children[next];
            yield return entry;
            if (entry.Kind == LayerEntryKind.Directory)
            {
                stack.Push((ReadChildren(entry.Source, entry.Path), 0));
            }
        }
    }

    private List<LayerEntry> ReadChildren(NativePath directory, byte[] layerPath)
    {
        var children = new List<LayerEntry>();
        foreach (var name in NativeFile.ListDirectory(directory))
        {
            var source = directory.Child(name);
            var entry = Classify(source, layerPath, name);
            if (entry is not null)
            {
                children.Add(entry);
            }
        }

        children.Sort(static (a, b) => a.Path.AsSpan().SequenceCompareTo(b.Path));
        return children;
    }

    private LayerEntry? Classify(NativePath source, byte[] parent, byte[] name)
    {
        var status = NativeFile.Stat(source);
        if (status.Kind == FileKind.Socket)
        {
            return null;
        }

        if (name.AsSpan().StartsWith(OverlayRules.WhiteoutPrefix))
        {
            throw new IOException(
                $"{source}: names starting with .wh. are reserved for whiteouts in OCI layers, so this file cannot be stored; rename it.");
        }

        var names = NativeFile.ListXattrNames(source);
        if (_overlayUpper && OverlayRules.IsWhiteout(source, status, names))
        {
            return new LayerEntry(Join(parent, [.. OverlayRules.WhiteoutPrefix, .. name]), source, LayerEntryKind.Whiteout, status, []);
        }

        bool opaque = _overlayUpper && OverlayRules.CheckAndIsOpaque(source, status, names);
        var kind = status.Kind switch
        {
            FileKind.Regular => LayerEntryKind.Regular,
            FileKind.Directory => LayerEntryKind.Directory,
            FileKind.Symlink => LayerEntryKind.Symlink,
            FileKind.CharDevice => LayerEntryKind.CharDevice,
            FileKind.BlockDevice => LayerEntryKind.BlockDevice,
            _ => LayerEntryKind.Fifo,
        };
        return new LayerEntry(Join(parent, name), source, kind, status, ReadXattrs(source, names)) { Opaque = opaque };
    }

    private static ImmutableArray<TarXattr> ReadXattrs(NativePath source, List<string> names)
    {
        if (names.Count == 0)
        {
            return [];
        }

        var kept = ImmutableArray.CreateBuilder<TarXattr>();
        foreach (var name in names)
        {
            if (XattrPolicy.Keep(name) && NativeFile.GetXattr(source, name) is { } value)
            {
                kept.Add(new TarXattr(name, value));
            }
        }

        kept.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return kept.ToImmutable();
    }

    private static byte[] Join(byte[] parent, ReadOnlySpan<byte> name) =>
        parent.Length == 0 ? name.ToArray() : [.. parent, (byte)'/', .. name];
}
