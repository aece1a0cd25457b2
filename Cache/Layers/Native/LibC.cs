using System.Runtime.InteropServices;

namespace Builder.Cache.Layers.Native;

/// <summary>
/// The few libc calls the layer writer (and the layer applier) need that .NET does not expose:
/// <c>statx</c> without following symlinks (device numbers, inode, link count), extended
/// attributes, <c>readlink</c>, directory listing and <c>open</c> on raw byte paths (Linux file
/// names are bytes, not always UTF-8), and <c>mknod</c>/<c>lsetxattr</c>/<c>lchown</c> for
/// writing trees (the layer applier, tests).
/// Every path argument is a NUL-terminated byte string; <see cref="NativeFile"/> wraps these with
/// EINTR retries and error messages.
/// </summary>
/// <remarks>
/// <c>open</c> is variadic in C; called with three integer arguments it has the same calling
/// convention as a fixed three-argument function on x86-64 and arm64 Linux.
/// </remarks>
internal static unsafe partial class LibC
{
    private const string Lib = "libc";

    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtStatxSyncAsStat = 0x0000;

    /// <summary>STATX_BASIC_STATS: type, mode, nlink, uid, gid, times, ino, size, blocks.</summary>
    public const uint StatxBasicStats = 0x07ff;

    public const int ORdOnly = 0x0000;
    public const int OWrOnly = 0x0001;
    public const int ONoFollow = 0x20000;
    public const int OCloExec = 0x80000;
    public const int ODirectory = 0x10000;

    /// <summary>O_DIRECT: 040000 on x86-64, 0200000 on arm64 (where 040000 is O_DIRECTORY).</summary>
    public static int ODirect => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x10000 : 0x4000;

    public const int EPerm = 1;
    public const int ENoEnt = 2;
    public const int EIntr = 4;
    public const int EAcces = 13;
    public const int EExist = 17;
    public const int EInval = 22;
    public const int ERange = 34;
    public const int ENoData = 61;
    public const int ENotSup = 95;

    public const uint SIfMt = 0xF000;
    public const uint SIfSock = 0xC000;
    public const uint SIfLnk = 0xA000;
    public const uint SIfReg = 0x8000;
    public const uint SIfBlk = 0x6000;
    public const uint SIfDir = 0x4000;
    public const uint SIfChr = 0x2000;
    public const uint SIfIfo = 0x1000;

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int statx(int dirfd, byte* path, int flags, uint mask, StatxBuffer* buffer);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint llistxattr(byte* path, byte* list, nuint size);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint lgetxattr(byte* path, byte* name, byte* value, nuint size);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int lsetxattr(byte* path, byte* name, byte* value, nuint size, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint readlink(byte* path, byte* buffer, nuint size);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int open(byte* path, int flags, uint mode);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint opendir(byte* path);

    /// <summary>Returns a <c>struct dirent*</c> (glibc's 64-bit layout), or null at the end or on error.</summary>
    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint readdir(nint dir);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int closedir(nint dir);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int lchown(byte* path, uint owner, uint group);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int mknod(byte* path, uint mode, ulong device);

    /// <summary>glibc's <c>makedev</c> encoding of a device number (the macro, in C#).</summary>
    public static ulong MakeDev(uint major, uint minor) =>
        ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0x00000fff) << 8) |
        ((ulong)(minor & 0xffffff00) << 12) | (minor & 0x000000ff);

    /// <summary>The offsets of <c>struct dirent</c> on 64-bit glibc: d_ino, d_off, d_reclen, d_type, d_name.</summary>
    public const int DirentTypeOffset = 18;
    public const int DirentNameOffset = 19;
}

/// <summary><c>struct statx</c> from linux/stat.h: a fixed 256-byte layout on every architecture.</summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct StatxBuffer
{
    [FieldOffset(0)] public uint Mask;
    [FieldOffset(16)] public uint NLink;
    [FieldOffset(20)] public uint Uid;
    [FieldOffset(24)] public uint Gid;
    [FieldOffset(28)] public ushort Mode;
    [FieldOffset(32)] public ulong Inode;
    [FieldOffset(40)] public ulong Size;
    [FieldOffset(112)] public long MTimeSeconds;
    [FieldOffset(120)] public uint MTimeNanoseconds;
    [FieldOffset(128)] public uint RDevMajor;
    [FieldOffset(132)] public uint RDevMinor;
    [FieldOffset(136)] public uint DevMajor;
    [FieldOffset(140)] public uint DevMinor;
}
