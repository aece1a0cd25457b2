using System.Runtime.InteropServices;

namespace Builder.Cache.Layers.Native;

/// <summary>
/// The libc calls the layer applier needs and .NET does not offer without following symlinks:
/// every call here acts on the last path component itself (<c>lchown</c>, <c>lsetxattr</c>,
/// <c>utimensat(AT_SYMLINK_NOFOLLOW)</c>, <c>fchmodat(AT_SYMLINK_NOFOLLOW)</c>, <c>statx</c>
/// without following), or creates it without following (<c>mkdir</c>, <c>mknod</c>,
/// <c>symlink</c>, <c>link</c> without <c>AT_SYMLINK_FOLLOW</c>). Linux/glibc only.
/// Callers must reject paths containing NUL first: marshalling would silently cut them there.
/// </summary>
internal static unsafe partial class ApplierLibC
{
    private const string Lib = "libc.so.6";

    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    private const uint RenameNoReplaceFlag = 1;

    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EEXIST = 17;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ENOSYS = 38;
    public const int ENOTEMPTY = 39;
    public const int ENODATA = 61;
    public const int EOPNOTSUPP = 95;

    public const uint S_IFMT = 0xF000;
    public const uint S_IFSOCK = 0xC000;
    public const uint S_IFLNK = 0xA000;
    public const uint S_IFREG = 0x8000;
    public const uint S_IFBLK = 0x6000;
    public const uint S_IFDIR = 0x4000;
    public const uint S_IFCHR = 0x2000;
    public const uint S_IFIFO = 0x1000;

    /// <summary><c>utimensat</c>'s time value: seconds and nanoseconds since the epoch.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>
    /// The fields of <c>struct statx</c> the applier reads; the layout is the same on every
    /// architecture (256 bytes), unlike <c>struct stat</c>.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    public struct Statx
    {
        [FieldOffset(16)] public uint NLink;
        [FieldOffset(20)] public uint Uid;
        [FieldOffset(24)] public uint Gid;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Ino;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(64)] public long AtimeSeconds;
        [FieldOffset(72)] public uint AtimeNanoseconds;
        [FieldOffset(112)] public long MtimeSeconds;
        [FieldOffset(120)] public uint MtimeNanoseconds;
        [FieldOffset(128)] public uint RdevMajor;
        [FieldOffset(132)] public uint RdevMinor;

        public readonly uint Type => Mode & S_IFMT;

        public readonly uint Permissions => Mode & 0xFFFu;

        public readonly bool IsDirectory => Type == S_IFDIR;

        public readonly bool IsSymlink => Type == S_IFLNK;
    }

    private const uint StatxBasicStats = 0x7FF;

    [LibraryImport(Lib, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxCall(int dirfd, string path, int flags, uint mask, out Statx buffer);

    [LibraryImport(Lib, EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LchownCall(string path, uint owner, uint group);

    [LibraryImport(Lib, EntryPoint = "fchmodat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int FchmodatCall(int dirfd, string path, uint mode, int flags);

    [LibraryImport(Lib, EntryPoint = "chmod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChmodCall(string path, uint mode);

    [LibraryImport(Lib, EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UtimensatCall(int dirfd, string path, Timespec* times, int flags);

    [LibraryImport(Lib, EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MknodCall(string path, uint mode, ulong dev);

    [LibraryImport(Lib, EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkdirCall(string path, uint mode);

    [LibraryImport(Lib, EntryPoint = "symlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SymlinkCall(string target, string linkPath);

    [LibraryImport(Lib, EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkCall(string existing, string newPath);

    [LibraryImport(Lib, EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnlinkCall(string path);

    [LibraryImport(Lib, EntryPoint = "rmdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RmdirCall(string path);

    [LibraryImport(Lib, EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Renameat2Call(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);

    [LibraryImport(Lib, EntryPoint = "lsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LsetxattrCall(string path, string name, byte* value, nuint size, int flags);

    [LibraryImport(Lib, EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint LgetxattrCall(string path, string name, byte* value, nuint size);

    [LibraryImport(Lib, EntryPoint = "geteuid")]
    private static partial uint GeteuidCall();

    [LibraryImport(Lib, EntryPoint = "getegid")]
    private static partial uint GetegidCall();

    /// <summary>The last errno as a negative number, so results read <c>0</c> = success, <c>-errno</c> = failure.</summary>
    private static int Result(int rc) => rc == 0 ? 0 : -Marshal.GetLastPInvokeError();

    public static bool IsRoot => GeteuidCall() == 0;

    public static uint EffectiveUid => GeteuidCall();

    public static uint EffectiveGid => GetegidCall();

    /// <summary><c>statx</c> of the path itself (a symlink is described, not followed). Returns 0 or -errno.</summary>
    public static int LStat(string path, out Statx stat) =>
        Result(StatxCall(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, out stat));

    public static int LChown(string path, uint uid, uint gid) => Result(LchownCall(path, uid, gid));

    /// <summary>
    /// chmod without following a final symlink. glibc implements the flag through
    /// <c>/proc/self/fd</c>; without <c>/proc</c> it reports EOPNOTSUPP, and the caller (which has
    /// just checked with lstat that the path is not a symlink) may fall back to <see cref="Chmod"/>.
    /// </summary>
    public static int FChmodAtNoFollow(string path, uint mode) => Result(FchmodatCall(AtFdCwd, path, mode, AtSymlinkNoFollow));

    public static int Chmod(string path, uint mode) => Result(ChmodCall(path, mode));

    /// <summary>Sets access and modification times of the path itself, never a symlink's target.</summary>
    public static int LUtimes(string path, Timespec access, Timespec modification)
    {
        Timespec* times = stackalloc Timespec[2];
        times[0] = access;
        times[1] = modification;
        return Result(UtimensatCall(AtFdCwd, path, times, AtSymlinkNoFollow));
    }

    public static int Mknod(string path, uint mode, ulong device) => Result(MknodCall(path, mode, device));

    public static int Mkdir(string path, uint mode) => Result(MkdirCall(path, mode));

    public static int Symlink(string target, string linkPath) => Result(SymlinkCall(target, linkPath));

    /// <summary><c>link(2)</c>: on Linux it does not follow a symlink at <paramref name="existing"/>.</summary>
    public static int Link(string existing, string newPath) => Result(LinkCall(existing, newPath));

    public static int Unlink(string path) => Result(UnlinkCall(path));

    public static int Rmdir(string path) => Result(RmdirCall(path));

    /// <summary>Renames without replacing an existing <paramref name="newPath"/> (EEXIST if it exists).</summary>
    public static int RenameNoReplace(string oldPath, string newPath) =>
        Result(Renameat2Call(AtFdCwd, oldPath, AtFdCwd, newPath, RenameNoReplaceFlag));

    public static int LSetXattr(string path, string name, ReadOnlySpan<byte> value)
    {
        fixed (byte* p = value)
        {
            return Result(LsetxattrCall(path, name, p, (nuint)value.Length, 0));
        }
    }

    /// <summary>Reads an extended attribute of the path itself; null when it is not set.</summary>
    public static byte[]? LGetXattr(string path, string name)
    {
        nint size = LgetxattrCall(path, name, null, 0);
        if (size < 0)
        {
            return null;
        }

        var buffer = new byte[size];
        fixed (byte* p = buffer)
        {
            size = LgetxattrCall(path, name, p, (nuint)buffer.Length);
        }

        return size < 0 ? null : buffer.AsSpan(0, (int)size).ToArray();
    }

    /// <summary>glibc's <c>makedev</c>.</summary>
    public static ulong MakeDev(uint major, uint minor) =>
        ((ulong)(major & 0xFFFFF000u) << 32) | ((ulong)(major & 0xFFFu) << 8) |
        ((ulong)(minor & 0xFFFFFF00u) << 12) | (minor & 0xFFu);

    public static string Describe(int negativeErrno) => Marshal.GetPInvokeErrorMessage(-negativeErrno);
}
