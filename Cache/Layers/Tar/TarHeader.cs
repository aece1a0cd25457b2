using System.Collections.Immutable;

namespace Builder.Cache.Layers.Tar;

/// <summary>The tar typeflags a layer uses.</summary>
internal enum TarTypeFlag : byte
{
    Regular = (byte)'0',
    HardLink = (byte)'1',
    Symlink = (byte)'2',
    CharDevice = (byte)'3',
    BlockDevice = (byte)'4',
    Directory = (byte)'5',
    Fifo = (byte)'6',
}

/// <summary>An extended attribute, written as a <c>SCHILY.xattr.NAME</c> PAX record.</summary>
internal sealed record TarXattr(string Name, byte[] Value);

/// <summary>
/// One tar entry's metadata, as raw as the file system gave it. <see cref="Name"/> is the path
/// relative to the layer root, without a leading <c>./</c> or <c>/</c>, and without the trailing
/// <c>/</c> that the writer adds for directories.
/// </summary>
internal sealed record TarHeader(byte[] Name, TarTypeFlag Type)
{
    /// <summary>Permission bits with setuid, setgid and sticky (mode &amp; 07777).</summary>
    public uint Mode { get; init; }

    public long Uid { get; init; }

    public long Gid { get; init; }

    /// <summary>Content length; only regular files have content.</summary>
    public long Size { get; init; }

    /// <summary>Whole seconds since the epoch.</summary>
    public long ModifiedSeconds { get; init; }

    /// <summary>The target of a symlink, or the earlier path a hard link points to.</summary>
    public byte[] LinkName { get; init; } = [];

    public uint DevMajor { get; init; }

    public uint DevMinor { get; init; }

    /// <summary>Written in ordinal order of their names.</summary>
    public ImmutableArray<TarXattr> Xattrs { get; init; } = [];
}
