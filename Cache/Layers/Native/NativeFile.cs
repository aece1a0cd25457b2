using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Builder.Cache.Layers.Native;

/// <summary>
/// Safe wrappers over <see cref="LibC"/>: retry on EINTR, grow buffers on ERANGE, treat "no
/// extended attributes here" (ENOTSUP, ENODATA) as empty, and turn every other failure into an
/// <see cref="IOException"/> that names the path and the system error.
/// </summary>
internal static unsafe class NativeFile
{
    public static FileStatus Stat(NativePath path, bool followSymlink = false)
    {
        StatxBuffer buffer;
        int flags = followSymlink ? 0 : LibC.AtSymlinkNoFollow;
        fixed (byte* p = path.Terminated)
        {
            while (LibC.statx(LibC.AtFdCwd, p, flags, LibC.StatxBasicStats, &buffer) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.EIntr)
                {
                    throw Error("cannot stat", path, errno);
                }
            }
        }

        return FileStatus.From(buffer);
    }

    /// <summary>The names in a directory (without "." and ".."), in the order the file system returns them.</summary>
    public static List<byte[]> ListDirectory(NativePath path)
    {
        nint dir;
        fixed (byte* p = path.Terminated)
        {
            while ((dir = LibC.opendir(p)) == 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.EIntr)
                {
                    throw Error("cannot list directory", path, errno);
                }
            }
        }

        var names = new List<byte[]>();
        try
        {
            while (true)
            {
                nint entry = LibC.readdir(dir);
                if (entry == 0)
                {
                    // SetLastError clears errno before the call, so 0 here means the end.
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == 0)
                    {
                        break;
                    }

                    throw Error("cannot list directory", path, errno);
                }

                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)entry + LibC.DirentNameOffset);
                if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
                {
                    continue;
                }

                names.Add(name.ToArray());
            }
        }
        finally
        {
            LibC.closedir(dir);
        }

        return names;
    }

    /// <summary>The extended attribute names of a path (not following a symlink); empty where the file system has none.</summary>
    public static List<string> ListXattrNames(NativePath path)
    {
        var names = new List<string>();
        byte[] buffer = new byte[256];
        fixed (byte* p = path.Terminated)
        {
            while (true)
            {
                nint n;
                fixed (byte* b = buffer)
                {
                    n = LibC.llistxattr(p, b, (nuint)buffer.Length);
                }

                if (n >= 0)
                {
                    foreach (var name in buffer.AsSpan(0, (int)n).Split((byte)0))
                    {
                        var bytes = buffer.AsSpan(0, (int)n)[name];
                        if (!bytes.IsEmpty)
                        {
                            names.Add(Encoding.UTF8.GetString(bytes));
                        }
                    }

                    return names;
                }

                int errno = Marshal.GetLastPInvokeError();
                switch (errno)
                {
                    case LibC.EIntr:
                        continue;
                    case LibC.ENotSup:
                        return names;
                    case LibC.ERange:
                        buffer = new byte[QueryListSize(p, path) + 256];
                        continue;
                    default:
                        throw Error("cannot list extended attributes of", path, errno);
                }
            }
        }
    }

    /// <summary>The value of one extended attribute, or null when it is absent (or went away).</summary>
    public static byte[]? GetXattr(NativePath path, string name)
    {
        var nameZ = Encoding.UTF8.GetBytes(name + "\0");
        byte[] buffer = new byte[256];
        fixed (byte* p = path.Terminated, k = nameZ)
        {
            while (true)
            {
                nint n;
                fixed (byte* b = buffer)
                {
                    n = LibC.lgetxattr(p, k, b, (nuint)buffer.Length);
                }

                if (n >= 0)
                {
                    return buffer.AsSpan(0, (int)n).ToArray();
                }

                int errno = Marshal.GetLastPInvokeError();
                switch (errno)
                {
                    case LibC.EIntr:
                        continue;
                    case LibC.ENoData or LibC.ENotSup:
                        return null;
                    case LibC.ERange:
                        nint size = QueryValueSize(p, k, path, name);
                        if (size < 0)
                        {
                            return null;
                        }

                        buffer = new byte[size + 64];
                        continue;
                    default:
                        throw Error($"cannot read extended attribute {name} of", path, errno);
                }
            }
        }
    }

    public static void SetXattr(NativePath path, string name, ReadOnlySpan<byte> value)
    {
        var nameZ = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* p = path.Terminated, k = nameZ, v = value)
        {
            while (LibC.lsetxattr(p, k, v, (nuint)value.Length, 0) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.EIntr)
                {
                    throw Error($"cannot set extended attribute {name} on", path, errno);
                }
            }
        }
    }

    /// <summary>The target of a symlink, as bytes.</summary>
    public static byte[] ReadLink(NativePath path)
    {
        byte[] buffer = new byte[256];
        fixed (byte* p = path.Terminated)
        {
            while (true)
            {
                nint n;
                fixed (byte* b = buffer)
                {
                    n = LibC.readlink(p, b, (nuint)buffer.Length);
                }

                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == LibC.EIntr)
                    {
                        continue;
                    }

                    throw Error("cannot read symlink", path, errno);
                }

                if (n < buffer.Length)
                {
                    return buffer.AsSpan(0, (int)n).ToArray();
                }

                // Possibly truncated: readlink fills the buffer without saying how long the target is.
                buffer = new byte[buffer.Length * 4];
            }
        }
    }

    /// <summary>Opens a regular file for reading without following a symlink in its last component.</summary>
    public static SafeFileHandle OpenRead(NativePath path) =>
        Open(path, LibC.ORdOnly | LibC.ONoFollow | LibC.OCloExec, refusedWith: 0)!;

    /// <summary>
    /// Opens an existing file for writing past the page cache (<c>O_DIRECT</c>), or returns null
    /// where its file system refuses that (tmpfs before Linux 6.6, some FUSE file systems).
    /// </summary>
    public static SafeFileHandle? TryOpenDirectWrite(NativePath path) =>
        Open(path, LibC.OWrOnly | LibC.ODirect | LibC.ONoFollow | LibC.OCloExec, refusedWith: LibC.EInval);

    /// <summary><c>open</c> without creating, retried on EINTR; null when it fails with <paramref name="refusedWith"/> (0: never).</summary>
    private static SafeFileHandle? Open(NativePath path, int flags, int refusedWith)
    {
        int fd;
        fixed (byte* p = path.Terminated)
        {
            while ((fd = LibC.open(p, flags, 0)) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == refusedWith)
                {
                    return null;
                }

                if (errno != LibC.EIntr)
                {
                    throw Error("cannot open", path, errno);
                }
            }
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    public static void MakeNode(NativePath path, FileKind kind, uint permissions, uint major = 0, uint minor = 0)
    {
        uint type = kind switch
        {
            FileKind.CharDevice => LibC.SIfChr,
            FileKind.BlockDevice => LibC.SIfBlk,
            FileKind.Fifo => LibC.SIfIfo,
            FileKind.Regular => LibC.SIfReg,
            _ => throw new ArgumentException($"mknod cannot make a {kind}.", nameof(kind)),
        };
        fixed (byte* p = path.Terminated)
        {
            while (LibC.mknod(p, type | (permissions & 0xFFF), LibC.MakeDev(major, minor)) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.EIntr)
                {
                    throw Error("cannot create node", path, errno);
                }
            }
        }
    }

    public static void SetOwner(NativePath path, uint uid, uint gid)
    {
        fixed (byte* p = path.Terminated)
        {
            while (LibC.lchown(p, uid, gid) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.EIntr)
                {
                    throw Error("cannot change the owner of", path, errno);
                }
            }
        }
    }

    internal static IOException Error(string what, NativePath path, int errno)
    {
        var hint = errno is LibC.EAcces or LibC.EPerm
            ? " Run the build as root (or fix the permissions) so every file of the layer can be read."
            : string.Empty;
        return new IOException($"{what} {path}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).{hint}", errno);
    }

    /// <summary>The size of an attribute's value, or -1 when it is gone.</summary>
    private static nint QueryValueSize(byte* p, byte* k, NativePath path, string name)
    {
        while (true)
        {
            nint size = LibC.lgetxattr(p, k, null, 0);
            if (size >= 0)
            {
                return size;
            }

            int errno = Marshal.GetLastPInvokeError();
            switch (errno)
            {
                case LibC.EIntr:
                    continue;
                case LibC.ENoData or LibC.ENotSup:
                    return -1;
                default:
                    throw Error($"cannot read extended attribute {name} of", path, errno);
            }
        }
    }

    private static nint QueryListSize(byte* p, NativePath path)
    {
        while (true)
        {
            nint size = LibC.llistxattr(p, null, 0);
            if (size >= 0)
            {
                return size;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.EIntr)
            {
                throw Error("cannot list extended attributes of", path, errno);
            }
        }
    }
}
