namespace Builder.Bench.Corpus;

/// <summary>
/// Finds the repository (the folder holding <c>Builder.sln</c>) and the shared conformance vectors
/// (<c>../shared/conformance</c> next to it, or <c>BUILDER_CONFORMANCE</c>), the way the tests do.
/// </summary>
internal static class RepoLocator
{
    public static string FindRoot()
    {
        // BenchmarkDotNet runs each benchmark in a child process built under bin/, which is still
        // inside the repository, so walking up from the executable works in both processes.
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Builder.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"No Builder.sln above {AppContext.BaseDirectory}.");
    }

    public static string FindConformance(string root)
    {
        var fromEnv = Environment.GetEnvironmentVariable("BUILDER_CONFORMANCE");
        var path = string.IsNullOrEmpty(fromEnv)
            ? Path.GetFullPath(Path.Combine(root, "..", "shared", "conformance"))
            : fromEnv;
        if (!Directory.Exists(path))
        {
            // A corpus without the real-world files would measure something else: fail, do not shrink.
            throw new DirectoryNotFoundException(
                $"Conformance vectors not found at {path}. Check out shared/ next to the repository or set BUILDER_CONFORMANCE.");
        }

        return path;
    }
}
