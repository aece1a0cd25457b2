using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Builder.Executor.Snapshots.Native;

/// <summary>
/// The libc calls the snapshotter needs and .NET does not expose: <c>mount</c>/<c>umount2</c> for
/// overlayfs, <c>statx</c> for inode and ctime (the copy snapshotter's change test), <c>mknod</c>,
/// <c>linkat</c>, <c>renameat2</c> and the <c>l*xattr</c> family. Classic <c>DllImport</c> with
/// blittable arguments keeps the project free of unsafe code; paths are UTF-8.
/// </summary>
internal static class SnapshotLibC
{
    private const string Lib = "libc";

    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const uint StatxBasicStats = 0x07ff;
    public const uint StatxBtime = 0x0800;
    public const uint RenameNoReplace = 1;
    public const int MntDetach = 2;
    public const int OPath = 0x200000;
    public const int ODirectory = 0x10000;
    public const int OCloExec = 0x80000;

    public const int EPerm = 1;
    public const int ENoEnt = 2;
    public const int EBusy = 16;
    public const int EExist = 17;
    public const int EInval = 22;
    public const int ENotEmpty = 39;
    public const int ENoData = 61;

    [DllImport(Lib, SetLastError = true)]
    public static extern int mount(string source, string target, string fstype, ulong flags, string data);

    [DllImport(Lib, SetLastError = true)]
    public static extern int umount2(string target, int flags);

    [DllImport(Lib, SetLastError = true)]
    public static extern int open(string path, int flags, int mode);

    [DllImport(Lib, SetLastError = true)]
    public static extern int close(int fd);

    [DllImport(Lib, SetLastError = true)]
    public static extern int statx(int dirfd, string path, int flags, uint mask, byte[] buffer);

    [DllImport(Lib, SetLastError = true)]
    public static extern int mknod(string path, uint mode, ulong dev);

    [DllImport(Lib, SetLastError = true)]
    public static extern int linkat(int olddirfd, string oldpath, int newdirfd, string newpath, int flags);

    [DllImport(Lib, SetLastError = true)]
    public static extern int renameat2(int olddirfd, string oldpath, int newdirfd, string newpath, uint flags);

    [DllImport(Lib, SetLastError = true)]
    public static extern int lchown(string path, int owner, int group);

    [DllImport(Lib, SetLastError = true)]
    public static extern int chmod(string path, uint mode);

    [DllImport(Lib, SetLastError = true)]
    public static extern nint llistxattr(string path, byte[]? list, nuint size);

    [DllImport(Lib, SetLastError = true)]
    public static extern nint lgetxattr(string path, string name, byte[]? value, nuint size);

    [DllImport(Lib, SetLastError = true)]
    public static extern int lsetxattr(string path, string name, byte[] value, nuint size, int flags);

    public static int LastError => Marshal.GetLastPInvokeError();

    public static void Check(int rc, string call, string path)
    {
        if (rc < 0)
        {
            throw Error(call, path);
        }
    }

    public static IOException Error(string call, string path)
    {
        int errno = LastError;
        return new IOException($"{call} '{path}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
    }

    /// <summary>lstat as statx, or null when the path does not exist.</summary>
    public static NodeStat? LStat(string path)
    {
        var buffer = new byte[256];
        if (statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats | StatxBtime, buffer) < 0)
        {
            return LastError == ENoEnt ? null : throw Error("statx", path);
        }

        var b = buffer.AsSpan();
        bool hasBirth = (BinaryPrimitives.ReadUInt32LittleEndian(b) & StatxBtime) != 0;
        return new NodeStat(
            Mode: BinaryPrimitives.ReadUInt16LittleEndian(b[28..]),
            Uid: BinaryPrimitives.ReadUInt32LittleEndian(b[20..]),
            Gid: BinaryPrimitives.ReadUInt32LittleEndian(b[24..]),
            Inode: BinaryPrimitives.ReadUInt64LittleEndian(b[32..]),
            Size: BinaryPrimitives.ReadInt64LittleEndian(b[40..]),
            CtimeSeconds: BinaryPrimitives.ReadInt64LittleEndian(b[96..]),
            CtimeNanos: BinaryPrimitives.ReadUInt32LittleEndian(b[104..]),
            MtimeSeconds: BinaryPrimitives.ReadInt64LittleEndian(b[112..]),
            MtimeNanos: BinaryPrimitives.ReadUInt32LittleEndian(b[120..]),
            RdevMajor: BinaryPrimitives.ReadUInt32LittleEndian(b[128..]),
            RdevMinor: BinaryPrimitives.ReadUInt32LittleEndian(b[132..]),
            BirthSeconds: hasBirth ? BinaryPrimitives.ReadInt64LittleEndian(b[80..]) : 0,
            BirthNanos: hasBirth ? BinaryPrimitives.ReadUInt32LittleEndian(b[88..]) : 0);
    }

    /// <summary>The extended attribute names of a path (not following symlinks).</summary>
    public static List<string> ListXattrs(string path)
    {
        nint size = llistxattr(path, null, 0);
        if (size <= 0)
        {
            return [];
        }

        var buffer = new byte[size];
        size = llistxattr(path, buffer, (nuint)buffer.Length);
        if (size < 0)
        {
            throw Error("llistxattr", path);
        }

        return [.. System.Text.Encoding.UTF8.GetString(buffer, 0, (int)size).Split('\0', StringSplitOptions.RemoveEmptyEntries)];
    }

    public static byte[]? GetXattr(string path, string name)
    {
        nint size = lgetxattr(path, name, null, 0);
        if (size < 0)
        {
            return LastError == ENoData ? null : throw Error("lgetxattr " + name, path);
        }

        var value = new byte[size];
        size = lgetxattr(path, name, value, (nuint)value.Length);
        return size < 0 ? throw Error("lgetxattr " + name, path) : value[..(int)size];
    }

    public static void SetXattr(string path, string name, byte[] value) =>
        Check(lsetxattr(path, name, value, (nuint)value.Length, 0), "lsetxattr " + name, path);
}

/// <summary>What the snapshotter reads of an inode.</summary>
internal readonly record struct NodeStat(
    uint Mode,
    uint Uid,
    uint Gid,
    ulong Inode,
    long Size,
    long CtimeSeconds,
    uint CtimeNanos,
    long MtimeSeconds,
    uint MtimeNanos,
    uint RdevMajor,
    uint RdevMinor,
    long BirthSeconds,
    uint BirthNanos)
{
    /// <summary>Inode number and birth time: a deleted and recreated file may reuse the number, not the birth time.</summary>
    public (ulong, long, uint) Identity => (Inode, BirthSeconds, BirthNanos);

    public (long, uint) Ctime => (CtimeSeconds, CtimeNanos);

    public uint Type => Mode & 0xF000;

    public bool IsDirectory => Type == 0x4000;

    public bool IsSymlink => Type == 0xA000;
}
