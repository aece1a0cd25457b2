using Builder.Cache;
using Builder.Cache.Images;
using Builder.TestKit;
using Xunit;

namespace Builder.MSBuild.Tests;

/// <summary>
/// The package as a user gets it: packed, restored by the console app of fixtures/msbuild from a
/// local folder, run by <c>dotnet publish</c>/<c>dotnet build</c>, the image run by <c>builder run</c>.
/// </summary>
public sealed partial class EndToEndTests(PackageFixture package) : IClassFixture<PackageFixture>
{
    [SandboxFact]
    public async Task Publish_builds_an_image_of_the_self_contained_app_that_builder_run_executes()
    {
        using var temp = new TempDirectory("msbuild-e2e");
        var root = temp.Combine("root");
        await HostLibsImage.ImportAsync(new ImageStore(new StoreRoot(root).EnsureCreated()), "test/hostlibs:1");
        var app = package.CreateApp("console", temp.Combine("app"));
        string[] publish = ["publish", "-c", "Release", "-r", "linux-x64", "--self-contained", "-nodeReuse:false", "-v:n",
            $"-p:BuilderMSBuildVersion={package.Version}", "-p:BuildImageOnPublish=true", "-p:ContainerBaseImage=test/hostlibs:1", "-p:ContainerImageTags=\"1.0;latest\""];

        var (exit, output) = Processes.Run(app, root, publish);

        Assert.True(exit == 0, output);
        Assert.Contains("console -> msbuild-fixture/console:1.0;msbuild-fixture/console:latest (sha256:", output, StringComparison.Ordinal);
        var (runExit, runOutput) = Processes.Run(app, root, package.BuilderCli, "run", "--rm", "msbuild-fixture/console:1.0");
        Assert.True(runExit == 0, runOutput);
        Assert.Equal("hello from console in /app, GREETING=hi \"there\" $HOME, args=--from-image\n", runOutput);

        // Nothing changed: the target is skipped and still reports the same image.
        var (again, againOutput) = Processes.Run(app, root, publish);
        Assert.True(again == 0, againOutput);
        Assert.Contains("Skipping target \"_BuilderBuildImageCore\" because all output files are up-to-date", againOutput, StringComparison.Ordinal);
        Assert.Equal(Digest(output), Digest(againOutput));

        // A changed setting is an input too: the target runs again and tags the same image anew.
        var (retagged, retaggedOutput) = Processes.Run(app, root, [.. publish, "-p:ContainerRepository=msbuild-fixture/renamed"]);
        Assert.True(retagged == 0, retaggedOutput);
        Assert.DoesNotContain("Skipping target \"_BuilderBuildImageCore\"", retaggedOutput, StringComparison.Ordinal);
        Assert.Contains("console -> msbuild-fixture/renamed:1.0;msbuild-fixture/renamed:latest (" + Digest(output) + ")", retaggedOutput, StringComparison.Ordinal);
    }

    [SandboxFact]
    public async Task Publish_of_a_framework_dependent_app_without_ContainerBaseImage_runs_it_with_dotnet_on_the_SDKs_default_base()
    {
        using var temp = new TempDirectory("msbuild-e2e");
        var root = temp.Combine("root");
        // The SDK's choice for a net10.0 console app, already in the store: no registry is asked.
        var runtime = await HostLibsImage.ImportAsync(new ImageStore(new StoreRoot(root).EnsureCreated()), "mcr.microsoft.com/dotnet/runtime:10.0", withDotnet: true);
        var app = package.CreateApp("console", temp.Combine("app"));

        var (exit, output) = Processes.Run(app, root, "publish", "-c", "Release", "-p:UseAppHost=false", "-nodeReuse:false",
            $"-p:BuilderMSBuildVersion={package.Version}", "-p:BuildImageOnPublish=true", "-p:ContainerWorkingDirectory=/srv/console");

        Assert.True(exit == 0, output);
        var image = new ImageStore(new StoreRoot(root)).Resolve("msbuild-fixture/console:latest").Image;
        Assert.Equal(runtime.Manifest.Layers, image.Manifest.Layers.Take(runtime.Manifest.Layers.Length));
        Assert.Equal(["dotnet", "/srv/console/console.dll", "--from-image"], image.Config.Config.Entrypoint!.Value.ToArray());
        var (runExit, runOutput) = Processes.Run(app, root, package.BuilderCli, "run", "--rm", "msbuild-fixture/console:latest");
        Assert.True(runExit == 0, runOutput);
        Assert.Equal("hello from console in /srv/console, GREETING=hi \"there\" $HOME, args=--from-image\n", runOutput);
    }

    [Fact]
    public void Dockerfile_mode_builds_the_projects_Dockerfile_and_logs_its_errors_at_their_line()
    {
        using var temp = new TempDirectory("msbuild-e2e");
        var root = temp.Combine("root");
        var app = package.CreateApp("console", temp.Combine("app"));
        File.WriteAllText(Path.Combine(app, "Dockerfile"), "FROM scratch\nCOPY Program.cs /src/\nLABEL stage=one\n");
        string[] build = ["build", "-nodeReuse:false", $"-p:BuilderMSBuildVersion={package.Version}", "-t:BuildImage", "-p:ContainerRepository=fixture/dockerfile", "-p:ContainerImageTag=7", "-p:ContainerArchiveOutputPath=images/"];

        var (exit, output) = Processes.Run(app, root, build);

        Assert.True(exit == 0, output);
        Assert.Contains("console -> fixture/dockerfile:7 (sha256:", output, StringComparison.Ordinal);
        var image = new ImageStore(new StoreRoot(root)).Resolve("fixture/dockerfile:7").Image;
        Assert.Equal("one", image.Config.Config.Labels!["stage"]);
        Assert.True(File.Exists(Path.Combine(app, "images", "fixture-dockerfile.tar")), "the archive named after the repository in the ContainerArchiveOutputPath folder");

        File.WriteAllText(Path.Combine(app, "Dockerfile"), "FROM scratch\n\nCOPY missing.txt /src/\nMAINTAINER me\n");
        var (failed, failedOutput) = Processes.Run(app, root, build);

        Assert.NotEqual(0, failed);
        Assert.Matches(@$"{System.Text.RegularExpressions.Regex.Escape(Path.Combine(app, "Dockerfile"))}\(3,1,3,\d+\): error BLD\d{{4}}: ", failedOutput);
        Assert.Matches(@$"{System.Text.RegularExpressions.Regex.Escape(Path.Combine(app, "Dockerfile"))}\(4,1,4,\d+\): warning BLD2008: ", failedOutput);
    }

    [SandboxFact]
    public async Task Dockerfile_mode_runs_RUN_steps_in_the_sandbox_from_the_task_host()
    {
        using var temp = new TempDirectory("msbuild-e2e");
        var root = temp.Combine("root");
        await BusyboxImage.ImportAsync(new ImageStore(new StoreRoot(root).EnsureCreated()));
        var app = package.CreateApp("console", temp.Combine("app"));
        File.WriteAllText(Path.Combine(app, "Dockerfile"), $"FROM {BusyboxImage.Reference}\nARG WHO\nRUN echo \"built by $WHO\" > /greeting\nCMD [\"cat\", \"/greeting\"]\n");
        File.WriteAllText(Path.Combine(app, "Directory.Build.targets"), "<Project><ItemGroup><BuilderBuildArg Include=\"WHO\" Value=\"msbuild\" /></ItemGroup></Project>");

        var (exit, output) = Processes.Run(app, root, "build", "-nodeReuse:false", $"-p:BuilderMSBuildVersion={package.Version}", "-t:BuildImage", "-p:ContainerRepository=fixture/run");

        Assert.True(exit == 0, output);
        var (runExit, runOutput) = Processes.Run(app, root, package.BuilderCli, "run", "--rm", "fixture/run:latest");
        Assert.True(runExit == 0, runOutput);
        Assert.Equal("built by msbuild\n", runOutput);
    }

    private static string Digest(string output) =>
        System.Text.RegularExpressions.Regex.Match(output, @"console -> \S+ \((sha256:[0-9a-f]{64})\)").Groups[1].Value;
}
