using System.Runtime.InteropServices;

namespace Builder.Runner.Launch;

/// <summary>The libc calls the runner makes: signals to the helper by pid.</summary>
internal static class RunnerNative
{
    public const int SigKill = 9;

    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/>; false when the process is gone (ESRCH) or not ours.</summary>
    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    /// <summary>Whether the process exists (kill with signal 0).</summary>
    public static bool Alive(int pid) => pid > 0 && Kill(pid, 0) == 0;

    // DllImport rather than LibraryImport: one blittable call does not justify unsafe code in the project.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
