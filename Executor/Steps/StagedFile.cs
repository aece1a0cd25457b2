using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Builder.Executor.Steps;

/// <summary>
/// Copies one regular file into a layer being staged: created new (never through a link or an
/// existing file), data moved by the kernel (<c>sendfile</c>: <c>copy_file_range</c> refuses to
/// cross from the context's file system into an overlay), then owner, mode and the source's
/// mtime set on the open descriptor.
/// </summary>
internal static class StagedFile
{
    public static void Copy(string source, string destination, uint mode, uint uid, uint gid)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the executor stages layers with POSIX modes and owners: Linux only");
        }

        using var from = File.OpenHandle(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var to = File.OpenHandle(destination, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        long length = RandomAccess.GetLength(from);
        long copied = SendFile(from, to, length);
        if (copied < length)
        {
            CopyRest(from, to, copied);
        }

        if (NativeMethods.fchown(to.DangerousGetHandle().ToInt32(), uid, gid) != 0)
        {
            throw LayerStaging.OwnerError(destination, uid, gid);
        }

        File.SetUnixFileMode(to, (UnixFileMode)(mode & 0xFFF)); // after chown: chown clears setuid/setgid
        File.SetLastWriteTimeUtc(to, File.GetLastWriteTimeUtc(from));
    }

    /// <summary>Bytes moved in the kernel; fewer than <paramref name="length"/> when sendfile stopped or is not there.</summary>
    private static long SendFile(SafeFileHandle from, SafeFileHandle to, long length)
    {
        int inFd = from.DangerousGetHandle().ToInt32(), outFd = to.DangerousGetHandle().ToInt32();
        long done = 0;
        while (done < length)
        {
            nint n = NativeMethods.sendfile(outFd, inFd, 0, (nuint)Math.Min(length - done, 1L << 30));
            if (n <= 0)
            {
                break; // 0: the file shrank; -1: not supported here — the rest goes through user space
            }

            done += n;
        }

        return done;
    }

    private static void CopyRest(SafeFileHandle from, SafeFileHandle to, long offset)
    {
        var buffer = new byte[81920];
        int n;
        while ((n = RandomAccess.Read(from, buffer, offset)) > 0)
        {
            RandomAccess.Write(to, buffer.AsSpan(0, n), offset);
            offset += n;
        }
    }

    private static class NativeMethods
    {
        // sendfile with a null offset reads from (and advances) the input's own file offset.
        [DllImport("libc.so.6", SetLastError = true)]
#pragma warning disable SYSLIB1054 // plain integers: no marshalling to generate
        public static extern nint sendfile(int outFd, int inFd, nint offset, nuint count);

        [DllImport("libc.so.6", SetLastError = true)]
        public static extern int fchown(int fd, uint owner, uint group);
#pragma warning restore SYSLIB1054
    }
}
