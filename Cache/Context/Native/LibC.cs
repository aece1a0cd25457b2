using System.Runtime.InteropServices;

namespace Builder.Cache.Context.Native;

/// <summary>The few libc calls context hashing needs that .NET does not expose (statx, O_NOFOLLOW opens).</summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc.so.6";

    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtEmptyPath = 0x1000;
    public const uint StatxBasicStats = 0x7ff;
    public const int StatxStructSize = 256;

    public const int ORdOnly = 0;
    public const int ONonBlock = 0x800;
    public const int ONoFollow = 0x20000;
    public const int OCloExec = 0x80000;

    public const int EIntr = 4;
    public const int ENoEnt = 2;
    public const int EAgain = 11;
    public const int ENotDir = 20;
    public const int ELoop = 40;

    [LibraryImport(Library, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    public static string ErrorText(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
