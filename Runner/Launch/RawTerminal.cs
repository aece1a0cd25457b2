using System.Runtime.InteropServices;

namespace Builder.Runner.Launch;

/// <summary>
/// The CLI's terminal in raw mode while <c>-it</c> runs (as docker does): keys, Ctrl-C included,
/// go to the container's pty unchanged and its line discipline acts on them; the settings are
/// restored on dispose. termios is handled as an opaque buffer (tcgetattr, cfmakeraw, tcsetattr),
/// so its layout never matters here.
/// </summary>
internal sealed class RawTerminal : IDisposable
{
    private const int StdinFd = 0;
    private const int TcsaNow = 0;

    // Larger than struct termios on any Linux architecture (60 bytes on x86-64 glibc).
    private const int TermiosSize = 256;

    private readonly byte[] _saved;
    private bool _disposed;

    private RawTerminal(byte[] saved) => _saved = saved;

    /// <summary>Raw mode on stdin's terminal; null when stdin is not a terminal (nothing to change).</summary>
    public static RawTerminal? Enter()
    {
        var saved = new byte[TermiosSize];
        if (Console.IsInputRedirected || TcGetAttr(StdinFd, saved) != 0)
        {
            return null;
        }

        var raw = (byte[])saved.Clone();
        CfMakeRaw(raw);
        return TcSetAttr(StdinFd, TcsaNow, raw) == 0 ? new RawTerminal(saved) : null;
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _ = TcSetAttr(StdinFd, TcsaNow, _saved);
        }
    }

    // DllImport rather than LibraryImport, as RunnerNative: blittable byte[] buffers, no unsafe code.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    private static extern int TcGetAttr(int fd, byte[] termios);

    [DllImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    private static extern int TcSetAttr(int fd, int optionalActions, byte[] termios);

    [DllImport("libc", EntryPoint = "cfmakeraw")]
    private static extern void CfMakeRaw(byte[] termios);
#pragma warning restore SYSLIB1054
}
