using System.Collections.Immutable;
using Builder.Cache.Images;
using Builder.Cache.Images.Import;
using Builder.Cache.Oci;
using Builder.Cache.Registry;
using Builder.TestKit;
using Xunit;

namespace Builder.Cache.Tests.Registry;

/// <summary>Push and pull against Debian's docker-registry: round trips between two stores, skips, mounts, chunks, damaged blobs, indexes, errors.</summary>
public sealed class RegistryRoundTripTests : IDisposable
{
    private readonly RegistryFixture _f = new();

    public void Dispose() => _f.Dispose();

    [ToolFact("docker-registry")]
    public async Task A_pushed_image_pulls_into_an_empty_store_with_the_same_digests()
    {
        using var registry = await RegistryServer.StartAsync();
        var name = $"{registry.Host}/test/busybox:1";
        var source = await BusyboxImage.ImportAsync(_f.Source, name);

        var pushed = await ImagePusher.PushAsync(_f.Source, name, _f.Options);
        Assert.Equal(2, pushed.Count(BlobPushOutcome.Uploaded));
        var pulled = await ImagePuller.PullAsync(_f.Target, ImageReference.Parse(name), _f.Options);

        Assert.Equal(source.Descriptor.Digest, pulled.Descriptor.Digest);
        Assert.Equal(source.Id, pulled.Image.Id);
        Assert.Equal(2, pulled.BlobsFetched);
        Assert.Equal(source.Id, _f.Target.Resolve(name).Image.Id);
        Assert.All(source.Manifest.Layers, l => Assert.True(_f.Target.Content.Exists(l.Digest)));

        var again = await ImagePusher.PushAsync(_f.Source, name, _f.Options);
        Assert.Equal(2, again.Count(BlobPushOutcome.Skipped));
        var byDigest = await ImagePuller.PullAsync(_f.Target, ImageReference.Parse($"{registry.Host}/test/busybox@{source.Descriptor.Digest}"), _f.Options);
        Assert.Equal(0, byDigest.BlobsFetched);
        Assert.Equal(source.Id, byDigest.Image.Id);
    }

    [ToolFact("docker-registry")]
    public async Task Blobs_another_repository_of_the_registry_holds_are_mounted()
    {
        using var registry = await RegistryServer.StartAsync();
        var first = $"{registry.Host}/one/busybox:1";
        await BusyboxImage.ImportAsync(_f.Source, first);
        await ImagePusher.PushAsync(_f.Source, first, _f.Options);
        var second = $"{registry.Host}/two/busybox:1";
        _f.Source.Tag(first, second);

        var pushed = await ImagePusher.PushAsync(_f.Source, second, _f.Options);

        Assert.Equal(2, pushed.Count(BlobPushOutcome.Mounted));
        var pulled = await ImagePuller.PullAsync(_f.Target, ImageReference.Parse(second), _f.Options);
        Assert.Equal(pushed.Descriptor.Digest, pulled.Descriptor.Digest);
    }

    [ToolFact("docker-registry")]
    public async Task Large_blobs_go_up_in_chunks_and_come_back_intact()
    {
        using var registry = await RegistryServer.StartAsync();
        var name = $"{registry.Host}/test/chunked:1";
        var source = await BusyboxImage.ImportAsync(_f.Source, name);
        var options = _f.Options with { ChunkSize = 64 << 10 };
        Assert.True(source.Manifest.Layers[0].Size > 3 * options.ChunkSize, "the layer must need several chunks");

        var pushed = await ImagePusher.PushAsync(_f.Source, name, options);
        Assert.Equal(BlobPushOutcome.UploadedInChunks, pushed.Blobs[source.Manifest.Layers[0].Digest]);
        var pulled = await ImagePuller.PullAsync(_f.Target, ImageReference.Parse(name), options);

        Assert.Equal(source.Id, pulled.Image.Id);
        using var layer = _f.Target.Content.OpenRead(source.Manifest.Layers[0].Digest);
        Assert.Equal(source.Manifest.Layers[0].Digest, Digest.Compute(layer));
    }

    [ToolFact("docker-registry")]
    public async Task A_damaged_blob_is_refused_by_the_registry_and_the_error_names_the_store()
    {
        // The push does not hash the bytes again: the registry's check of the closing PUT's digest is the one that counts.
        using var registry = await RegistryServer.StartAsync();
        var name = $"{registry.Host}/test/damaged:1";
        var source = await BusyboxImage.ImportAsync(_f.Source, name);
        var layer = source.Manifest.Layers[0].Digest;
        using (var file = File.Open(_f.Source.Content.BlobPath(layer), FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = 100;
            int b = file.ReadByte();
            file.Position = 100;
            file.WriteByte((byte)(b ^ 0xff));
        }

        foreach (var options in new[] { _f.Options, _f.Options with { ChunkSize = 64 << 10 } })
        {
            var e = await Assert.ThrowsAsync<StoreException>(() => ImagePusher.PushAsync(_f.Source, name, options));
            Assert.Contains("DIGEST_INVALID", e.Message);
            Assert.EndsWith($"the bytes of blob {layer} in the store at {_f.Source.Root.Path} do not hash to its name, so the store is damaged; remove the image (builder rmi) and pull or rebuild it.", e.Message);
        }
    }

    [ToolFact("docker-registry")]
    public async Task An_index_pull_takes_this_platform_and_keeps_the_index_as_the_tag()
    {
        using var registry = await RegistryServer.StartAsync();
        var amd = await BusyboxImage.ImportAsync(_f.Source, "local/busybox:1");
        using var rootfs = new TempDirectory("other-rootfs");
        var other = await new ImageImporter(_f.Source).ImportAsync(new ImportOptions(TestRootfs.WriteTar(rootfs.Combine("o.tar"), "other"), "local/other:1"));
        var host = HostPlatform.Current;
        var index = new ImageIndex(MediaTypes.OciIndex,
        [
            other.Descriptor with { Platform = new Platform(host.Architecture == "s390x" ? "ppc64le" : "s390x", "linux") },
            amd.Descriptor with { Platform = host },
        ]);
        var indexDescriptor = _f.Source.Content.WriteJson(index, MediaTypes.OciIndex);
        var name = $"{registry.Host}/test/multi:1";
        _f.Source.Add(indexDescriptor, [ImageReference.Parse(name)]);

        var pushed = await ImagePusher.PushAsync(_f.Source, name, _f.Options);
        Assert.Equal(indexDescriptor.Digest, pushed.Descriptor.Digest);
        var pulled = await ImagePuller.PullAsync(_f.Target, ImageReference.Parse(name), _f.Options);

        Assert.Equal(indexDescriptor.Digest, pulled.Descriptor.Digest);
        Assert.Equal(amd.Id, pulled.Image.Id);
        Assert.False(_f.Target.Content.Exists(other.Manifest.Layers[0].Digest));

        // The target store holds the index but one of its images: pushing it sends that image's manifest alone.
        var copy = $"{registry.Host}/test/multi-copy:1";
        _f.Target.Tag(name, copy);
        var partial = await ImagePusher.PushAsync(_f.Target, copy, _f.Options);
        Assert.Equal(amd.Descriptor.Digest, partial.Descriptor.Digest);
        Assert.Equal(2, partial.Count(BlobPushOutcome.Mounted));

        // For another platform (FROM --platform) the tag names that platform's manifest, which the store can read.
        var third = new ImageStore(new StoreRoot(_f.Dir.Combine("third")));
        var foreign = await ImagePuller.PullAsync(third, ImageReference.Parse(name), index.Manifests[0].Platform!, _f.Options);
        Assert.Equal(other.Descriptor.Digest, foreign.Descriptor.Digest);
        Assert.Equal(other.Id, third.Resolve(name).Image.Id);
    }

    [ToolFact("docker-registry", "skopeo")]
    public async Task A_docker_schema2_manifest_pushed_by_skopeo_pulls()
    {
        using var registry = await RegistryServer.StartAsync();
        var name = $"{registry.Host}/test/busybox:1";
        var source = await BusyboxImage.ImportAsync(_f.Source, name);
        await ImagePusher.PushAsync(_f.Source, name, _f.Options);
        ExternalTools.RunOk("skopeo", "copy", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false", "--format", "v2s2",
            $"docker://{name}", $"docker://{registry.Host}/test/schema2:1");

        var pulled = await ImagePuller.PullAsync(_f.Target, ImageReference.Parse($"{registry.Host}/test/schema2:1"), _f.Options);

        Assert.Equal(MediaTypes.DockerManifest, pulled.Descriptor.MediaType);
        Assert.Equal(MediaTypes.DockerConfig, pulled.Image.Manifest.Config.MediaType);
        Assert.Equal(source.Config.RootFs.DiffIds.ToArray(), pulled.Image.Config.RootFs.DiffIds.ToArray());
    }

    [ToolFact("docker-registry")]
    public async Task An_unknown_tag_says_to_check_the_tag()
    {
        using var registry = await RegistryServer.StartAsync();
        var e = await Assert.ThrowsAsync<StoreException>(() => ImagePuller.PullAsync(_f.Target, ImageReference.Parse($"{registry.Host}/test/nope:1"), _f.Options));
        Assert.Contains("MANIFEST_UNKNOWN", e.Message);
        Assert.EndsWith("check the tag (and the repository name).", e.Message);
        Assert.Empty(_f.Target.List());
    }

    [Fact]
    public async Task A_registry_that_is_not_running_is_named()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var e = await Assert.ThrowsAsync<StoreException>(() => ImagePuller.PullAsync(_f.Target, ImageReference.Parse($"127.0.0.1:{port}/a:1"), _f.Options));
        Assert.EndsWith($"is the registry running at 127.0.0.1:{port}?", e.Message);
    }
}
