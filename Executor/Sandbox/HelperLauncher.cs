using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Builder.Executor.Sandbox;

/// <summary>
/// Starts builder-sandbox for a bundle with stdin closed and stdout/stderr read line by line.
/// Cancellation sends SIGTERM (the helper forwards it to the command), then SIGKILL after the
/// grace period (the helper's init dies with it and takes the whole pid namespace along).
/// </summary>
internal sealed class HelperLauncher(string helperPath, TimeSpan grace) : ISandboxLauncher
{
    private const int SigTerm = 15;

    public async Task<int> RunAsync(string bundleDirectory, Action<string> stdoutLine, Action<string> stderrLine, CancellationToken ct)
    {
        var start = new ProcessStartInfo(helperPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("run");
        start.ArgumentList.Add(bundleDirectory);
        using var process = StartOrThrow(start);
        process.StandardInput.Close();
        var pumps = Task.WhenAll(PumpAsync(process.StandardOutput, stdoutLine), PumpAsync(process.StandardError, stderrLine));
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(process);
        }

        await pumps;
        await RemoveLeftoverCgroupsAsync(bundleDirectory);
        return process.ExitCode;
    }

    /// <summary>
    /// The helper lists its cgroups in BUNDLE/cgroups and removes them itself, unless it was
    /// SIGKILLed: then they are removed here. The kernel may still be ending the last processes.
    /// </summary>
    private static async Task RemoveLeftoverCgroupsAsync(string bundleDirectory)
    {
        var record = Path.Combine(bundleDirectory, "cgroups");
        if (!File.Exists(record))
        {
            return;
        }

        foreach (var dir in await File.ReadAllLinesAsync(record, CancellationToken.None))
        {
            for (var attempt = 0; attempt < 100 && Directory.Exists(dir); attempt++)
            {
                try
                {
                    Directory.Delete(dir, recursive: false);
                }
                catch (IOException)
                {
                    await Task.Delay(10, CancellationToken.None);
                }
            }
        }
    }

    private static Process StartOrThrow(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new SandboxUnavailableException($"Could not start {start.FileName}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SandboxUnavailableException($"Could not start the sandbox helper {start.FileName}: {e.Message}. Check that it exists and is executable (rebuild Builder.Executor).", e);
        }
    }

    private async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            _ = Kill(process.Id, SigTerm);
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            onLine(line);
        }
    }

    // DllImport rather than LibraryImport: one blittable call does not justify unsafe code in the project.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
