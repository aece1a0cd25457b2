using System.Collections.Immutable;
using Builder.Cache;
using Builder.Cache.Images;
using Builder.Cache.Oci;
using Builder.TestKit;
using Xunit;

namespace Builder.MSBuild.Tests;

public sealed class ImageBuildRunnerTests
{
    [ToolFact("busybox")]
    public async Task Dockerfile_less_mode_layers_the_publish_folder_on_the_base_with_the_container_settings()
    {
        using var temp = new TempDirectory("msbuild-runner");
        var store = new ImageStore(new StoreRoot(temp.Combine("root")).EnsureCreated());
        var busybox = await BusyboxImage.ImportAsync(store);
        var publish = Directory.CreateDirectory(temp.Combine("publish")).FullName;
        File.WriteAllText(Path.Combine(publish, "app.dll"), "not really an assembly");
        var request = new ImageRequest(publish, null)
        {
            StoreRoot = store.Root.Path,
            Tags = ["test/app:1", "test/app:latest"],
            Labels = ImmutableDictionary<string, string>.Empty.Add("org.opencontainers.image.title", "app"),
            Container = new ContainerSettings
            {
                BaseImage = BusyboxImage.Reference,
                AssemblyName = "app",
                Environment = [KeyValuePair.Create("GREETING", "hi \"you\" $HOME")],
                Ports = [new ContainerPort(8080, "tcp")],
                User = "nobody",
            },
        };

        var outcome = await ImageBuildRunner.RunAsync(request, CancellationToken.None);

        Assert.True(outcome.Image is not null, outcome.Error?.Message + string.Join("\n", outcome.Diagnostics.Select(d => d.Diagnostic.Message)));
        var config = outcome.Image.Config.Config;
        Assert.Equal(["dotnet", "/app/app.dll"], config.Entrypoint!.Value.ToArray());
        Assert.Equal("/app", config.WorkingDir);
        Assert.Equal("nobody", config.User);
        Assert.Contains("GREETING=hi \"you\" $HOME", config.Env!.Value);
        Assert.Equal(["8080/tcp"], config.ExposedPorts!.Keys.ToArray());
        Assert.Equal("app", config.Labels!["org.opencontainers.image.title"]);
        Assert.Equal(busybox.Manifest.Layers.Length + 2, outcome.Image.Manifest.Layers.Length);
        Assert.Equal(2, store.List().Single(i => i.Id == outcome.Image.Id).Tags.Length);
    }

    [ToolFact("busybox")]
    public async Task An_oci_archive_base_is_loaded_into_the_store_and_an_archive_output_is_written()
    {
        using var temp = new TempDirectory("msbuild-runner");
        var source = new ImageStore(new StoreRoot(temp.Combine("source")).EnsureCreated());
        await BusyboxImage.ImportAsync(source);
        var baseArchive = temp.Combine("busybox.tar");
        await Builder.Cache.Images.Archive.ImageSaver.SaveAsync(source, [BusyboxImage.Reference], baseArchive, CancellationToken.None);
        var publish = Directory.CreateDirectory(temp.Combine("publish")).FullName;
        File.WriteAllText(Path.Combine(publish, "app"), "#!/bin/sh\necho hi\n");
        var output = temp.Combine("image.tar");
        var request = new ImageRequest(publish, null)
        {
            StoreRoot = temp.Combine("root"),
            Tags = ["test/app:1"],
            ArchiveOutputPath = output,
            Compression = LayerCompression.Gzip,
            Container = new ContainerSettings { BaseImage = "oci-archive:" + baseArchive, AssemblyName = "app", SelfContained = true },
        };

        var outcome = await ImageBuildRunner.RunAsync(request, CancellationToken.None);

        Assert.True(outcome.Image is not null, outcome.Error?.Message);
        Assert.Equal(["/app/app"], outcome.Image.Config.Config.Entrypoint!.Value.ToArray());
        Assert.True(new FileInfo(output).Length > 0);
        Assert.All(outcome.Image.Manifest.Layers, l => Assert.Equal(MediaTypes.OciLayerGzip, l.MediaType));
    }

    [Fact]
    public async Task Dockerfile_errors_come_back_located_in_the_Dockerfile()
    {
        using var temp = new TempDirectory("msbuild-runner");
        var dockerfile = temp.Combine("Dockerfile");
        File.WriteAllText(dockerfile, "FROM scratch\nCOPY missing.txt /\n");
        var request = new ImageRequest(temp.Path, dockerfile) { StoreRoot = temp.Combine("root"), Tags = ["test/app:1"] };

        var outcome = await ImageBuildRunner.RunAsync(request, CancellationToken.None);

        Assert.Null(outcome.Image);
        var error = Assert.Single(outcome.Diagnostics, d => d.Diagnostic.IsError);
        Assert.Equal(dockerfile, error.Source.Path);
        Assert.Equal(2, error.Source.GetLinePosition(error.Diagnostic.Span.Start).Line);
    }

    [Fact]
    public async Task Without_a_Dockerfile_or_a_base_image_the_request_fails_saying_what_to_set()
    {
        using var temp = new TempDirectory("msbuild-runner");
        var request = new ImageRequest(temp.Path, null) { StoreRoot = temp.Combine("root"), Container = new ContainerSettings { AssemblyName = "app" } };

        var outcome = await ImageBuildRunner.RunAsync(request, CancellationToken.None);

        Assert.Null(outcome.Image);
        Assert.Equal("BLDMSB001", outcome.Error?.Code);
        Assert.Contains("ContainerBaseImage", outcome.Error!.Message, StringComparison.Ordinal);
    }
}
