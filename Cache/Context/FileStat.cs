using System.Runtime.InteropServices;
using Builder.Cache.Context.Native;

namespace Builder.Cache.Context;

/// <summary>
/// What <c>statx(2)</c> says about a path without following symbolic links: the identity and
/// change stamps the stat memo compares (size, mtime and ctime in nanoseconds, inode, device) and
/// the metadata a context entry records (type, mode, owner).
/// </summary>
internal readonly record struct FileStat(
    uint RawMode,
    uint Uid,
    uint Gid,
    long Size,
    long MtimeNs,
    long CtimeNs,
    ulong Inode,
    ulong Device,
    uint RdevMajor,
    uint RdevMinor)
{
    private const uint TypeMask = 0xF000;

    /// <summary>Permission bits with setuid, setgid and sticky (<c>mode &amp; 07777</c>).</summary>
    public uint Permissions => RawMode & 0xFFF;

    public ContextEntryType Type => (RawMode & TypeMask) switch
    {
        0x8000 => ContextEntryType.File,
        0x4000 => ContextEntryType.Directory,
        0xA000 => ContextEntryType.Symlink,
        0x1000 => ContextEntryType.Fifo,
        0xC000 => ContextEntryType.Socket,
        0x2000 => ContextEntryType.CharDevice,
        0x6000 => ContextEntryType.BlockDevice,
        _ => ContextEntryType.Unknown,
    };

    /// <summary>Whether the content behind two stats is the same as far as stat can tell.</summary>
    public bool SameContentStamp(in FileStat other) =>
        Size == other.Size && MtimeNs == other.MtimeNs && CtimeNs == other.CtimeNs &&
        Inode == other.Inode && Device == other.Device;

    /// <summary>lstat: the path itself, a symbolic link not followed. Returns the errno on failure.</summary>
    public static int TryLstat(string path, out FileStat stat) => TryStat(path, followLinks: false, out stat);

    /// <summary>stat or lstat. Returns the errno on failure.</summary>
    public static unsafe int TryStat(string path, bool followLinks, out FileStat stat)
    {
        byte* buffer = stackalloc byte[LibC.StatxStructSize];
        int flags = followLinks ? 0 : LibC.AtSymlinkNoFollow;
        if (LibC.Statx(LibC.AtFdCwd, path, flags, LibC.StatxBasicStats, buffer) != 0)
        {
            stat = default;
            return Marshal.GetLastPInvokeError();
        }

        stat = Decode(new ReadOnlySpan<byte>(buffer, LibC.StatxStructSize));
        return 0;
    }

    /// <summary>fstat: the open file behind <paramref name="fd"/>. Returns the errno on failure.</summary>
    public static unsafe int TryFstat(int fd, out FileStat stat)
    {
        byte* buffer = stackalloc byte[LibC.StatxStructSize];
        if (LibC.Statx(fd, string.Empty, LibC.AtEmptyPath, LibC.StatxBasicStats, buffer) != 0)
        {
            stat = default;
            return Marshal.GetLastPInvokeError();
        }

        stat = Decode(new ReadOnlySpan<byte>(buffer, LibC.StatxStructSize));
        return 0;
    }

    // struct statx (linux/stat.h): the layout is the same on every architecture, in native byte order.
    private static FileStat Decode(ReadOnlySpan<byte> b)
    {
        uint uid = MemoryMarshal.Read<uint>(b[20..]);
        uint gid = MemoryMarshal.Read<uint>(b[24..]);
        uint mode = MemoryMarshal.Read<ushort>(b[28..]);
        ulong ino = MemoryMarshal.Read<ulong>(b[32..]);
        long size = (long)MemoryMarshal.Read<ulong>(b[40..]);
        long ctime = Nanoseconds(b[96..]);
        long mtime = Nanoseconds(b[112..]);
        uint rdevMajor = MemoryMarshal.Read<uint>(b[128..]);
        uint rdevMinor = MemoryMarshal.Read<uint>(b[132..]);
        uint devMajor = MemoryMarshal.Read<uint>(b[136..]);
        uint devMinor = MemoryMarshal.Read<uint>(b[140..]);
        return new FileStat(mode, uid, gid, size, mtime, ctime, ino, ((ulong)devMajor << 32) | devMinor, rdevMajor, rdevMinor);
    }

    private static long Nanoseconds(ReadOnlySpan<byte> timestamp) =>
        (MemoryMarshal.Read<long>(timestamp) * 1_000_000_000L) + MemoryMarshal.Read<uint>(timestamp[8..]);
}
