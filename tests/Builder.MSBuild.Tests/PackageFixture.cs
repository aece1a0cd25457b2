using System.Reflection;
using Builder.TestKit;
using Xunit;

namespace Builder.MSBuild.Tests;

/// <summary>
/// Builder.MSBuild packed once per test run into a temp package folder, with a version of its own
/// (NuGet caches packages by version, so a fixed one would hand later runs a stale task).
/// </summary>
public sealed class PackageFixture : IDisposable
{
    private readonly TempDirectory _temp = new("msbuild-package");

    public PackageFixture()
    {
        Version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var configuration = typeof(PackageFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
        var project = Path.Combine(RepoPaths.Root, "MSBuild", "Builder.MSBuild.csproj");
        var (exit, output) = Processes.Run(RepoPaths.Root, _temp.Combine("unused-root"), "pack", project, "-c", configuration, "--no-build", "-o", Folder, $"-p:Version={Version}");
        Assert.True(exit == 0, output);
        BuilderCli = Path.Combine(RepoPaths.Root, "Cli", "bin", configuration, "net10.0", "builder.dll");
    }

    public string Folder => _temp.Combine("packages");

    public string Version { get; }

    public string BuilderCli { get; }

    /// <summary>A copy of <c>fixtures/msbuild/CASE</c> in <paramref name="destination"/>, restoring from the package folder and nuget.org.</summary>
    public string CreateApp(string @case, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Fixtures, "msbuild", @case)))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(destination, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="builder-test" value="{Folder}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        // Keeps the repository's Directory.*.props (central versions) from applying should the temp folder sit under it.
        File.WriteAllText(Path.Combine(destination, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(destination, "Directory.Packages.props"), "<Project />");
        return destination;
    }

    public void Dispose()
    {
        // The package's copy in the global packages folder is this run's only; leaving it would grow the cache per run.
        var cached = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"), "builder.msbuild", Version);
        if (Directory.Exists(cached))
        {
            Directory.Delete(cached, recursive: true);
        }

        _temp.Dispose();
    }
}
