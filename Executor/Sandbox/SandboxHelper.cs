namespace Builder.Executor.Sandbox;

/// <summary>Finds builder-sandbox, which the build of Builder.Executor compiles and copies next to the assembly.</summary>
public static class SandboxHelper
{
    public const string FileName = "builder-sandbox";

    /// <summary>The helper's path next to the running application; throws with what to do when it is missing.</summary>
    public static string Locate() => Locate(HomeDirectory);

    /// <summary>Whether RUN steps can run in this process: the helper is there and we are root (namespaces, overlayfs, mounts).</summary>
    public static bool CanRun(out string why)
    {
        if (!File.Exists(Path.Combine(HomeDirectory, FileName)))
        {
            why = $"the sandbox helper {FileName} is missing next to {HomeDirectory}; build with gcc installed (scripts/setup.sh)";
            return false;
        }

        if (!Environment.IsPrivilegedProcess)
        {
            why = "RUN needs root (namespaces, mounts); run builder as root";
            return false;
        }

        why = string.Empty;
        return true;
    }

    /// <summary>
    /// Next to the application, else next to this assembly: in an MSBuild task host the
    /// application is MSBuild, and the helper ships beside the task (Builder.MSBuild's tasks/ folder).
    /// </summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("SingleFile", "IL3000",
        Justification = "An ahead-of-time CLI has no assembly location (empty string): the helper is then beside the executable, AppContext.BaseDirectory.")]
    private static string HomeDirectory =>
        File.Exists(Path.Combine(AppContext.BaseDirectory, FileName)) || Path.GetDirectoryName(typeof(SandboxHelper).Assembly.Location) is not { Length: > 0 } assemblyDirectory
            ? AppContext.BaseDirectory
            : assemblyDirectory;

    internal static string Locate(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new SandboxUnavailableException(
                $"The sandbox helper {FileName} was not found at {path}; RUN needs it. Build Builder.Executor (or the builder CLI) with gcc installed: run scripts/setup.sh, or apt-get install gcc and build again.");
        }

        return path;
    }
}
