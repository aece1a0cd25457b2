namespace Builder.Cache.Context;

/// <summary>What a context entry is; symbolic links are recorded, never followed.</summary>
public enum ContextEntryType : byte
{
    File = 1,
    Directory = 2,
    Symlink = 3,
    Fifo = 4,
    Socket = 5,
    CharDevice = 6,
    BlockDevice = 7,
    Unknown = 15,
}

/// <summary>
/// One file, directory, symbolic link or special file of a build context, as the context hasher
/// saw it. Timestamps are not part of an entry: they only serve the stat memo.
/// </summary>
/// <param name="Path">Relative to the context root, <c>/</c>-separated, no leading <c>./</c> or trailing <c>/</c>.</param>
/// <param name="Type">File, directory, symbolic link or special file.</param>
/// <param name="Mode">Permission bits with setuid, setgid and sticky (<c>st_mode &amp; 07777</c>).</param>
/// <param name="Uid">Owner user id.</param>
/// <param name="Gid">Owner group id.</param>
/// <param name="Size">Content length of a regular file; 0 for every other type.</param>
/// <param name="LinkTarget">The target of a symbolic link, as stored; null for every other type.</param>
/// <param name="ContentHash">BLAKE3 of a regular file's content; null for every other type.</param>
public sealed record ContextEntry(
    string Path,
    ContextEntryType Type,
    uint Mode,
    uint Uid,
    uint Gid,
    long Size,
    string? LinkTarget,
    Blake3Hash? ContentHash)
{
    public bool IsDirectory => Type == ContextEntryType.Directory;

    /// <summary>Octal mode as <c>ls</c> and Dockerfiles write it, e.g. <c>0755</c>.</summary>
    public string ModeText => Convert.ToString(Mode, 8).PadLeft(4, '0');

    public override string ToString() => Type switch
    {
        ContextEntryType.File => $"{Path} file {ModeText} {Uid}:{Gid} {Size} {ContentHash}",
        ContextEntryType.Symlink => $"{Path} symlink -> {LinkTarget}",
        _ => $"{Path} {Type.ToString().ToLowerInvariant()} {ModeText} {Uid}:{Gid}",
    };
}
