using System.Diagnostics;

namespace Builder.Runner.Launch;

/// <summary>
/// Starts a bundle detached: builder-shim's monitor (its own session) runs the helper with output
/// appended to the container's log and writes its pid and, at the end, its exit code. Returns once
/// the pid file is written; the container then lives on without the CLI.
/// </summary>
internal static class DetachedLauncher
{
    public static async Task StartAsync(string bundle, string stateDirectory, CancellationToken ct)
    {
        var (shim, helper) = Shim.Locate();
        var start = new ProcessStartInfo(shim)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "detach", stateDirectory, helper, bundle })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new RunnerException($"could not start {shim}; check that it is executable.");
        process.StandardInput.Close();
        var error = await process.StandardError.ReadToEndAsync(ct).ConfigureAwait(false);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new RunnerException($"the container could not be started: {error.Trim()}");
        }
    }
}
