namespace Builder.Runner.Launch;

/// <summary>Finds builder-shim (built next to Builder.Runner) and builder-sandbox (next to Builder.Executor, so in the same folder).</summary>
internal static class Shim
{
    public const string FileName = "builder-shim";

    public static (string Shim, string Helper) Locate()
    {
        var directory = AppContext.BaseDirectory;
        var shim = Path.Combine(directory, FileName);
        var helper = Builder.Executor.Sandbox.SandboxHelper.Locate();
        if (!File.Exists(shim))
        {
            throw new RunnerException($"{FileName} was not found at {shim}; builder run needs it. Build Builder.Runner (or the builder CLI) with gcc installed: run scripts/setup.sh, or apt-get install gcc and build again.");
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw new RunnerException("builder run needs root (namespaces, overlay mounts, cgroups); run it as root.");
        }

        return (shim, helper);
    }
}
