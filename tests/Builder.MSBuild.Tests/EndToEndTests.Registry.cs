using Builder.Cache;
using Builder.Cache.Images;
using Builder.Cache.Oci;
using Builder.Cache.Registry;
using Builder.TestKit;
using Xunit;

namespace Builder.MSBuild.Tests;

/// <summary>The package against a registry: a registry <c>ContainerBaseImage</c> pulled, <c>ContainerRegistry</c> pushed to, auth failures as MSBuild errors.</summary>
public sealed partial class EndToEndTests
{
    [SandboxFact("docker-registry")]
    public async Task Publish_on_a_registry_base_with_ContainerRegistry_pushes_every_tag_and_the_pushed_image_runs()
    {
        using var registry = await RegistryServer.StartAsync();
        using var temp = new TempDirectory("msbuild-e2e");
        var baseName = $"{registry.Host}/dotnet/runtime:10.0";
        var source = new ImageStore(new StoreRoot(temp.Combine("source")).EnsureCreated());
        await HostLibsImage.ImportAsync(source, baseName, withDotnet: true);
        await ImagePusher.PushAsync(source, baseName, new RegistryOptions());
        var root = temp.Combine("root");
        var app = package.CreateApp("console", temp.Combine("app"));

        var (exit, output) = Processes.Run(app, root, "publish", "-c", "Release", "-p:UseAppHost=false", "-nodeReuse:false",
            $"-p:BuilderMSBuildVersion={package.Version}", "-p:BuildImageOnPublish=true", $"-p:ContainerBaseImage={baseName}",
            $"-p:ContainerRegistry={registry.Host}", "-p:ContainerImageTags=\"1.0;latest\"", $"-p:BuilderAuthFile={temp.Combine("no-credentials.json")}");

        Assert.True(exit == 0, output);
        Assert.Contains($"Pulled the base image {baseName} (sha256:", output, StringComparison.Ordinal);
        var digest = Digest(output);
        Assert.Contains($"console -> {registry.Host}/msbuild-fixture/console:1.0;{registry.Host}/msbuild-fixture/console:latest ({digest})", output, StringComparison.Ordinal);
        var pulledRoot = temp.Combine("pulled");
        var pulledStore = new ImageStore(new StoreRoot(pulledRoot).EnsureCreated());
        foreach (var tag in new[] { "1.0", "latest" })
        {
            var name = $"{registry.Host}/msbuild-fixture/console:{tag}";
            Assert.Contains($"Pushed {name} ({digest})", output, StringComparison.Ordinal);
            var pulled = await ImagePuller.PullAsync(pulledStore, ImageReference.Parse(name), new RegistryOptions());
            Assert.Equal(digest, pulled.Descriptor.Digest.ToString());
        }

        // What the registry holds runs, from a store that only pulled it.
        var (runExit, runOutput) = Processes.Run(app, pulledRoot, package.BuilderCli, "run", "--rm", $"{registry.Host}/msbuild-fixture/console:1.0");
        Assert.True(runExit == 0, runOutput);
        Assert.Equal("hello from console in /app, GREETING=hi \"there\" $HOME, args=--from-image\n", runOutput);
    }

    [ToolFact("docker-registry", "htpasswd")]
    public async Task A_push_to_a_registry_that_wants_a_login_fails_with_an_MSBuild_error_saying_to_log_in()
    {
        using var registry = await RegistryServer.StartAsync("alice", "s3cret");
        using var temp = new TempDirectory("msbuild-e2e");
        var root = temp.Combine("root");
        var app = package.CreateApp("console", temp.Combine("app"));
        File.WriteAllText(Path.Combine(app, "Dockerfile"), "FROM scratch\nCOPY Program.cs /src/\n");
        var name = $"{registry.Host}/fixture/private:latest";

        var (exit, output) = Processes.Run(app, root, "build", "-nodeReuse:false", $"-p:BuilderMSBuildVersion={package.Version}", "-t:BuildImage",
            "-p:ContainerRepository=fixture/private", $"-p:ContainerRegistry={registry.Host}", $"-p:BuilderAuthFile={temp.Combine("no-credentials.json")}");

        Assert.NotEqual(0, exit);
        Assert.Matches(@$"error BLDMSB008: Pushing {Escape(name)} to the registry {Escape(registry.Host)} failed: .*run builder login {Escape(registry.Host)}\b.*builder push {Escape(name)}", output);
        Assert.DoesNotContain("console -> ", output, StringComparison.Ordinal);
        // Built and stored all the same: a login and builder push finish the job.
        Assert.NotNull(new ImageStore(new StoreRoot(root)).Resolve(name).Image);
    }

    private static string Escape(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
