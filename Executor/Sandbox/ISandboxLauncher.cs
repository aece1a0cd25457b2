namespace Builder.Executor.Sandbox;

/// <summary>
/// Runs a prepared bundle to the end: the seam between <see cref="SandboxRunner"/> (bundle in,
/// result out) and the helper process, so the runner can be tested without root.
/// </summary>
internal interface ISandboxLauncher
{
    /// <summary>Runs the bundle and returns the exit status; on cancellation stops it and returns only once it is gone.</summary>
    Task<int> RunAsync(string bundleDirectory, Action<string> stdoutLine, Action<string> stderrLine, CancellationToken ct);
}
