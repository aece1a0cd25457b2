using System.Diagnostics;
using System.Runtime.InteropServices;
using Builder.Executor.Sandbox;

namespace Builder.Runner.Launch;

/// <summary>Where a foreground container's streams go: null members inherit the CLI's own descriptors (no copying).</summary>
public sealed record RunStreams(TextWriter? Stdout = null, TextWriter? Stderr = null, Stream? Stdin = null)
{
    public static RunStreams Inherit { get; } = new();
}

/// <summary>
/// Runs the helper in the foreground (<c>run BUNDLE</c>, or <c>exec ...</c> into a running
/// container): builder-shim puts it in a session of its own and execs it, so the container sees
/// each SIGINT, SIGTERM, SIGHUP and SIGQUIT once, forwarded from here (not a second time through
/// the terminal's process group). Streams are the CLI's own unless <see cref="RunStreams"/> names
/// writers; stdin is /dev/null-like (closed) unless interactive. With a terminal (<c>-t</c>) the
/// helper relays the container's pty to these same streams; here the CLI's terminal goes raw for
/// <c>-it</c> and SIGWINCH is passed on so the helper copies the new size to the pty.
/// </summary>
internal static class AttachedLauncher
{
    private static readonly PosixSignal[] Forwarded = [PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT];

    public static async Task<int> RunAsync(IEnumerable<string> helperArguments, bool interactive, bool tty, RunStreams streams, Action<int> started, CancellationToken ct)
    {
        var (shim, helper) = Shim.Locate();
        var start = new ProcessStartInfo(shim)
        {
            UseShellExecute = false,
            RedirectStandardInput = !interactive || streams.Stdin is not null,
            RedirectStandardOutput = streams.Stdout is not null,
            RedirectStandardError = streams.Stderr is not null,
        };
        foreach (var arg in ShimArguments.Attach(helper, helperArguments))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new SandboxUnavailableException($"could not start {shim}.");
        started(process.Id);
        var registrations = Forwarded.Select(s => PosixSignalRegistration.Create(s, context =>
        {
            context.Cancel = true;
            RunnerNative.Signal(process.Id, SignalNumber(context.Signal));
        })).ToList();
        if (tty && !OperatingSystem.IsWindows())
        {
            registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => RunnerNative.Signal(process.Id, Containers.Signals.Parse("WINCH"))));
        }

        // After the start: .NET restores a terminal it configured itself around child processes.
        using var raw = tty && interactive && !start.RedirectStandardInput ? RawTerminal.Enter() : null;
        try
        {
            var pumps = new List<Task>();
            if (start.RedirectStandardInput)
            {
                pumps.Add(FeedAsync(process, interactive ? streams.Stdin : null));
            }

            if (streams.Stdout is { } stdout)
            {
                pumps.Add(CopyAsync(process.StandardOutput, stdout));
            }

            if (streams.Stderr is { } stderr)
            {
                pumps.Add(CopyAsync(process.StandardError, stderr));
            }

            using (ct.Register(() => RunnerNative.Signal(process.Id, RunnerNative.SigTerm)))
            {
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            await Task.WhenAll(pumps).ConfigureAwait(false);
            return process.ExitCode;
        }
        finally
        {
            registrations.ForEach(r => r.Dispose());
        }
    }

    private static async Task FeedAsync(Process process, Stream? input)
    {
        try
        {
            if (input is not null)
            {
                await input.CopyToAsync(process.StandardInput.BaseStream).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // The container closed its stdin or exited: what is left is not wanted.
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task CopyAsync(StreamReader from, TextWriter to)
    {
        var buffer = new char[4096];
        int n;
        while ((n = await from.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, n)).ConfigureAwait(false);
        }

        await to.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>.NET's PosixSignal values are negative placeholders; the Linux numbers are what kill wants.</summary>
    internal static int SignalNumber(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => 1,
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGQUIT => 3,
        PosixSignal.SIGTERM => 15,
        _ => (int)signal,
    };
}
