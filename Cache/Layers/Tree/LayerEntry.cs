using System.Collections.Immutable;
using Builder.Cache.Layers.Native;
using Builder.Cache.Layers.Tar;

namespace Builder.Cache.Layers.Tree;

internal enum LayerEntryKind
{
    Regular,
    Directory,
    Symlink,
    CharDevice,
    BlockDevice,
    Fifo,

    /// <summary>An overlay whiteout (a 0/0 character device in the upper dir): becomes an empty <c>.wh.NAME</c> file.</summary>
    Whiteout,
}

/// <summary>
/// One file of a layer's source tree, classified. <see cref="Path"/> is the path in the layer
/// (for a whiteout already <c>DIR/.wh.NAME</c>); <see cref="Source"/> is where it is on disk.
/// </summary>
internal sealed record LayerEntry(
    byte[] Path,
    NativePath Source,
    LayerEntryKind Kind,
    FileStatus Status,
    ImmutableArray<TarXattr> Xattrs)
{
    /// <summary>An overlay opaque directory: the layer gets a <c>.wh..wh..opq</c> marker inside it.</summary>
    public bool Opaque { get; init; }
}
