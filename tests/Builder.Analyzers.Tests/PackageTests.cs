using System.Diagnostics;
using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using Builder.TestKit;
using Xunit;

namespace Builder.Analyzers.Tests;

/// <summary>
/// The shipped artifact end to end: <c>dotnet pack</c> the analyzer into a temp folder, build the
/// consumer project of <c>fixtures/analyzer-consumer</c> (copied outside the repository) against
/// that folder plus the normal feed, and read the compiler's diagnostics in the build output.
/// </summary>
public sealed class PackageTests
{
    private const string Version = "0.1.0-test";

    [Fact]
    public void Packed_analyzer_reports_dockerfile_findings_in_dotnet_build()
    {
        using var temp = new TempDirectory("builder-analyzer-pack");
        string feed = temp.Combine("feed");
        string project = temp.Combine("consumer");
        CopyDirectory(Path.Combine(RepoPaths.Fixtures, "analyzer-consumer"), project);

        // A Dockerfile under bin/ must not be picked up by the package's props.
        Directory.CreateDirectory(Path.Combine(project, "bin"));
        File.WriteAllText(Path.Combine(project, "bin", "Dockerfile.stale"), "FROM x as Y\n");
        File.WriteAllText(Path.Combine(project, "NuGet.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);

        Dotnet(RepoPaths.Root, null, "pack", Path.Combine(RepoPaths.Root, "Analyzers", "Builder.Analyzers.csproj"), "-c", "Debug", "-o", feed, $"-p:Version={Version}");
        Assert.True(File.Exists(Path.Combine(feed, $"Builder.Analyzers.{Version}.nupkg")));

        // A private package cache: the test version never comes from (or goes to) the user's cache.
        // Without the compiler server: the findings below come from the package's ready-to-run copies.
        string output = Dotnet(project, temp.Combine("packages"), "build", "-c", "Debug", $"-p:BuilderAnalyzersVersion={Version}", "-p:UseSharedCompilation=false", "-nologo", "-clp:NoSummary");

        Assert.Contains("Dockerfile(1,18): warning BLD2002: 'as' and 'FROM' keywords' casing do not match", output);
        Assert.Contains("Dockerfile(1,21): warning BLD2001: Stage name 'Build' should be lowercase", output);
        Assert.Contains("Dockerfile(2,1): warning BLD2008: Maintainer instruction is deprecated in favor of using label", output);
        Assert.Contains("Dockerfile.worker(3,1): warning BLD2007: JSON arguments recommended for CMD", output);

        // .globalconfig: BLD2103 (off by default) turned on, BLD2110 (on by default) turned off.
        Assert.Contains("Dockerfile.worker(2,48): warning BLD2103: Package 'curl' is installed without a version pin", output);
        Assert.DoesNotContain("BLD2110", output);
        Assert.DoesNotContain("Dockerfile.stale", output);

        AssertReadyToRunCopies(feed, project, temp.Combine("packages"));
    }

    // The package carries ready-to-run copies for the packing SDK's runtime: a build without the
    // compiler server uses them, a server build and a design-time build the IL copies.
    private static void AssertReadyToRunCopies(string feed, string project, string packages)
    {
        var sdk = JsonDocument.Parse(Dotnet(project, packages, "msbuild", "-getProperty:NETCoreSdkRuntimeIdentifier", "-getProperty:BundledNETCoreAppPackageVersion"))
            .RootElement.GetProperty("Properties");
        string rid = sdk.GetProperty("NETCoreSdkRuntimeIdentifier").GetString()!;
        string major = sdk.GetProperty("BundledNETCoreAppPackageVersion").GetString()!.Split('.')[0];
        string r2r = $"r2r/net{major}/{rid}/";

        using (var package = ZipFile.OpenRead(Path.Combine(feed, $"Builder.Analyzers.{Version}.nupkg")))
        {
            foreach (string name in new[] { "Builder.Analyzers.dll", "Builder.Parser.dll" })
            {
                Assert.False(IsReadyToRun(package.GetEntry("analyzers/dotnet/cs/" + name)!), name + " in analyzers/ must stay IL only");
                Assert.True(IsReadyToRun(package.GetEntry(r2r + name) ?? throw new Xunit.Sdk.XunitException($"no {r2r}{name} in the package")), name + " in r2r/ must be ready-to-run");
            }
        }

        string Analyzers(params string[] properties) => string.Join("\n", JsonDocument
            .Parse(Dotnet(project, packages, ["msbuild", "-t:ResolveLockFileAnalyzers", "-getItem:Analyzer", $"-p:BuilderAnalyzersVersion={Version}", .. properties]))
            .RootElement.GetProperty("Items").GetProperty("Analyzer").EnumerateArray()
            .Select(a => a.GetProperty("FullPath").GetString()!.Replace('\\', '/'))
            .Where(p => p.Contains("/builder.analyzers/", StringComparison.OrdinalIgnoreCase)));

        string noServer = Analyzers("-p:UseSharedCompilation=false");
        Assert.Contains(r2r + "Builder.Analyzers.dll", noServer);
        Assert.Contains(r2r + "Builder.Parser.dll", noServer);
        Assert.DoesNotContain("analyzers/dotnet/cs/", noServer);

        foreach (string ilOnly in new[] { Analyzers("-p:UseSharedCompilation=true"), Analyzers("-p:UseSharedCompilation=false", "-p:DesignTimeBuild=true") })
        {
            Assert.Contains("analyzers/dotnet/cs/Builder.Analyzers.dll", ilOnly);
            Assert.Contains("analyzers/dotnet/cs/Builder.Parser.dll", ilOnly);
            Assert.DoesNotContain("/r2r/", ilOnly);
        }
    }

    private static bool IsReadyToRun(ZipArchiveEntry entry)
    {
        using var stream = new MemoryStream();
        using (var entryStream = entry.Open())
        {
            entryStream.CopyTo(stream);
        }

        stream.Position = 0;
        using var pe = new PEReader(stream);
        return pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
    }

    private static string Dotnet(string workingDirectory, string? packages, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDNOINPROCNODE"] = "1";
        if (packages is not null)
        {
            start.Environment["NUGET_PACKAGES"] = packages;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string all = stdout + stderr.Result;
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(" ", args)} failed ({process.ExitCode}):\n{all}");
        return all;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string rel = Path.GetRelativePath(from, file);
            if (rel.StartsWith("bin", StringComparison.Ordinal) || rel.StartsWith("obj", StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, rel))!);
            File.Copy(file, Path.Combine(to, rel));
        }
    }
}
