namespace Builder.Cache.Layers.Native;

internal enum FileKind
{
    Regular,
    Directory,
    Symlink,
    CharDevice,
    BlockDevice,
    Fifo,
    Socket,
}

/// <summary>What <c>statx</c> says about one path (not following a final symlink).</summary>
/// <param name="Permissions">The low 12 mode bits: rwx for user, group, other plus setuid, setgid and sticky.</param>
/// <param name="ModifiedSeconds">Whole seconds since the epoch (tar keeps no fractions here).</param>
internal readonly record struct FileStatus(
    FileKind Kind,
    uint Permissions,
    uint Uid,
    uint Gid,
    long Size,
    long ModifiedSeconds,
    ulong Inode,
    uint DevMajor,
    uint DevMinor,
    uint RDevMajor,
    uint RDevMinor,
    uint LinkCount)
{
    /// <summary>Identifies the inode across the tree (for hard links).</summary>
    public (uint, uint, ulong) InodeKey => (DevMajor, DevMinor, Inode);

    public static FileStatus From(in StatxBuffer s)
    {
        var kind = (s.Mode & LibC.SIfMt) switch
        {
            LibC.SIfReg => FileKind.Regular,
            LibC.SIfDir => FileKind.Directory,
            LibC.SIfLnk => FileKind.Symlink,
            LibC.SIfChr => FileKind.CharDevice,
            LibC.SIfBlk => FileKind.BlockDevice,
            LibC.SIfIfo => FileKind.Fifo,
            _ => FileKind.Socket,
        };
        return new FileStatus(kind, s.Mode & 0xFFFu, s.Uid, s.Gid, (long)s.Size, s.MTimeSeconds, s.Inode,
            s.DevMajor, s.DevMinor, s.RDevMajor, s.RDevMinor, s.NLink);
    }
}
