namespace Builder.TestKit;

/// <summary>Where the repository, its fixtures and the shared conformance vectors are.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding <c>Builder.sln</c>.</summary>
    public static string Root => LazyRoot.Value;

    public static string Fixtures => Path.Combine(Root, "fixtures");

    /// <summary>
    /// <c>../shared/conformance</c> next to the checkout, or <c>BUILDER_CONFORMANCE</c>.
    /// Missing vectors fail the tests that need them: a silent skip would hide a broken setup.
    /// </summary>
    public static string Conformance
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("BUILDER_CONFORMANCE");
            var path = string.IsNullOrEmpty(fromEnv)
                ? Path.GetFullPath(Path.Combine(Root, "..", "shared", "conformance"))
                : fromEnv!;
            if (!Directory.Exists(path))
            {
                throw new DirectoryNotFoundException(
                    $"Conformance vectors not found at {path}. Check out shared/ next to the repository or set BUILDER_CONFORMANCE.");
            }

            return path;
        }
    }

    public static string ConformancePath(params string[] parts) =>
        Path.Combine(new[] { Conformance }.Concat(parts).ToArray());

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Builder.sln")))
            {
                return dir.FullName;
            }

            dir = dir.Parent;
        }

        throw new InvalidOperationException($"No Builder.sln above {AppContext.BaseDirectory}.");
    }
}
