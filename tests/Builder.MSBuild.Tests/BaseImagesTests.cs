using Builder.Cache;
using Builder.Cache.Images;
using Builder.Cache.Oci;
using Builder.Cache.Registry;
using Builder.TestKit;
using Xunit;

namespace Builder.MSBuild.Tests;

/// <summary>Registry base images (pulled when the store lacks them) and ContainerRegistry pushes, through the runner, against Debian's docker-registry.</summary>
public sealed class BaseImagesTests
{
    [ToolFact("busybox", "docker-registry")]
    public async Task A_registry_base_named_by_digest_is_pulled_once_and_every_tag_is_pushed()
    {
        using var registry = await RegistryServer.StartAsync();
        using var temp = new TempDirectory("msbuild-registry");
        var source = new ImageStore(new StoreRoot(temp.Combine("source")).EnsureCreated());
        var busybox = await BusyboxImage.ImportAsync(source, $"{registry.Host}/base/busybox:1");
        var baseImage = await ImagePusher.PushAsync(source, $"{registry.Host}/base/busybox:1", new RegistryOptions());
        var request = new ImageRequest(PublishFolder.Create(temp), null)
        {
            StoreRoot = temp.Combine("root"),
            Tags = [$"{registry.Host}/app:1", $"{registry.Host}/app:2"],
            Push = true,
            Container = new ContainerSettings { BaseImage = $"{registry.Host}/base/busybox@{baseImage.Descriptor.Digest}", AssemblyName = "app" },
        };

        var outcome = await ImageBuildRunner.RunAsync(request, CancellationToken.None);

        Assert.True(outcome.Image is not null && outcome.Error is null, outcome.Error?.Message + string.Join("\n", outcome.Diagnostics.Select(d => d.Diagnostic.Message)));
        Assert.Equal(baseImage.Descriptor.Digest, outcome.PulledBase?.Descriptor.Digest);
        Assert.Equal(busybox.Manifest.Layers.Select(l => l.Digest), outcome.Image.Manifest.Layers.Take(busybox.Manifest.Layers.Length).Select(l => l.Digest));
        Assert.Equal(request.Tags, outcome.Pushed.Select(p => p.Reference.ToString()));
        var check = new ImageStore(new StoreRoot(temp.Combine("check")).EnsureCreated());
        foreach (var tag in request.Tags)
        {
            var pulled = await ImagePuller.PullAsync(check, ImageReference.Parse(tag), new RegistryOptions());
            Assert.Equal(outcome.Image.ManifestDescriptor.Digest, pulled.Descriptor.Digest);
        }

        // The store has the base now (by digest, though the pull left it unnamed): no second pull, the same image.
        var again = await ImageBuildRunner.RunAsync(request, CancellationToken.None);
        Assert.Null(again.PulledBase);
        Assert.Equal(outcome.Image.ManifestDescriptor.Digest, again.Image?.ManifestDescriptor.Digest);
    }

    [ToolFact("docker-registry")]
    public async Task A_base_the_registry_lacks_fails_with_BLDMSB007_naming_it_and_the_store_stays_empty()
    {
        using var registry = await RegistryServer.StartAsync();
        using var temp = new TempDirectory("msbuild-registry");
        var request = new ImageRequest(PublishFolder.Create(temp), null)
        {
            StoreRoot = temp.Combine("root"),
            Tags = ["test/app:1"],
            Container = new ContainerSettings { BaseImage = $"{registry.Host}/dotnet/runtime:10.0", AssemblyName = "app" },
        };

        var outcome = await ImageBuildRunner.RunAsync(request, CancellationToken.None);

        Assert.Null(outcome.Image);
        Assert.Equal("BLDMSB007", outcome.Error?.Code);
        Assert.Contains($"ContainerBaseImage {registry.Host}/dotnet/runtime:10.0 is not in the store", outcome.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("is not in the registry", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Empty(new ImageStore(new StoreRoot(request.StoreRoot)).List());
    }
}
