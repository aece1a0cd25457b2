using System.Formats.Tar;
using Builder.Cache.Images;
using Builder.Cache.Images.Archive;
using Builder.Cache.Oci;
using Builder.TestKit;
using Xunit;

namespace Builder.Cache.Tests.Images.Archive;

/// <summary>OCI layouts whose index.json points at an index (as BuildKit and containerd export multi-platform images).</summary>
public sealed class NestedIndexLoadTests : IDisposable
{
    private readonly StoreFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Load_follows_nested_indexes_to_this_platforms_manifest_and_skips_attestations()
    {
        var amd64 = await _f.ImportAsync("app:amd64", "amd64 content");
        var arm64 = await _f.ImportAsync("app:arm64", "arm64 content");
        var attestation = _f.Store.Content.Write("{}"u8, MediaTypes.OciManifest);
        var inner = new ImageIndex(MediaTypes.OciIndex,
        [
            Plain(arm64.Descriptor) with { Platform = new Platform("arm64", "linux") },
            Plain(amd64.Descriptor) with { Platform = new Platform("amd64", "linux") },
            attestation with { Platform = new Platform("unknown", "unknown") },
        ]);
        var innerDescriptor = _f.Store.Content.WriteJson(inner, MediaTypes.OciIndex);
        var outer = new ImageIndex(MediaTypes.OciIndex, [innerDescriptor.WithAnnotation(AnnotationKeys.RefName, "docker.io/multi/app:1")]);

        var archive = _f.Dir.Combine("multi.tar");
        using (var tar = new TarWriter(File.Create(archive), TarEntryFormat.Pax, leaveOpen: false))
        {
            foreach (var digest in new[] { innerDescriptor.Digest, amd64.Descriptor.Digest, amd64.Id, amd64.Manifest.Layers[0].Digest, attestation.Digest })
            {
                tar.WriteEntry(_f.Store.Content.BlobPath(digest), $"blobs/sha256/{digest.Hex}");
            }

            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "index.json") { DataStream = new MemoryStream(OciJson.Serialize(outer)) });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "oci-layout") { DataStream = new MemoryStream("{\"imageLayoutVersion\":\"1.0.0\"}"u8.ToArray()) });
        }

        using var other = new TempDirectory("other-store");
        var store = new ImageStore(new StoreRoot(other.Path), _f.Clock) { Platform = new Platform("amd64", "linux") };
        var loaded = Assert.Single(await ImageLoader.LoadAsync(store, archive));
        Assert.Equal("docker.io/multi/app:1", loaded.Reference!.ToString());
        Assert.Equal(amd64.Id, loaded.Id);
        Assert.Equal(amd64.Descriptor.Digest, store.Resolve("multi/app:1").Image.Descriptor.Digest);
        Assert.False(store.Content.Exists(innerDescriptor.Digest)); // the store keeps the platform manifest, not the index

        var arm = new ImageStore(new StoreRoot(other.Combine("arm")), _f.Clock) { Platform = new Platform("riscv64", "linux") };
        var e = await Assert.ThrowsAsync<StoreException>(() => ImageLoader.LoadAsync(arm, archive));
        Assert.Contains("has no image for linux/riscv64 (it lists: linux/arm64, linux/amd64, unknown/unknown)", e.Message);
    }

    private static Descriptor Plain(Descriptor d) => new(d.MediaType, d.Digest, d.Size);
}
