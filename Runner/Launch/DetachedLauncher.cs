using System.Diagnostics;
using Builder.Runner.Health;

namespace Builder.Runner.Launch;

/// <summary>
/// Starts a bundle detached: builder-shim's monitor (its own session) runs the helper with output
/// appended to the container's log, writes its pid and, at the end, its exit code; it also runs
/// the image's HEALTHCHECK and, for <c>--rm</c>, removes the container once it has exited.
/// Returns once the pid file is written; the container then lives on without the CLI.
/// </summary>
internal static class DetachedLauncher
{
    public static async Task StartAsync(string bundle, string stateDirectory, bool remove, HealthcheckPlan? health, CancellationToken ct)
    {
        var (shim, helper) = Shim.Locate();
        var start = new ProcessStartInfo(shim)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in ShimArguments.Detach(stateDirectory, helper, bundle, remove, health))
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
