using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Builder.Cache.Images;
using Builder.Cache.Images.Archive;
using Builder.Cache.Oci;
using Builder.TestKit;
using Xunit;

namespace Builder.Cache.Tests.Images.Archive;

public sealed class ImageLoaderTests : IDisposable
{
    private readonly StoreFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Save_load_save_gives_the_same_digests_and_the_same_bytes()
    {
        var app = await _f.ImportAsync("me/app:1", "app");
        await _f.ImportAsync("db:2", "db");
        var first = _f.Dir.Combine("first.tar");
        await ImageSaver.SaveAsync(_f.Store, ["me/app:1", "db:2"], first);
        OciValidator.AssertValid(first);

        using var other = new TempDirectory("other-store");
        var store = new ImageStore(new StoreRoot(other.Path), _f.Clock);
        var loaded = await ImageLoader.LoadAsync(store, first);
        Assert.Equal(["docker.io/me/app:1", "docker.io/library/db:2"], loaded.Select(l => l.Reference!.ToString()));
        Assert.Equal(app.Id, loaded[0].Id);
        Assert.Equal(app.Descriptor.Digest, store.Resolve("me/app:1").Image.Descriptor.Digest);

        var second = _f.Dir.Combine("second.tar");
        await ImageSaver.SaveAsync(store, ["me/app:1", "db:2"], second);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public async Task Load_reads_gzip_compressed_archives()
    {
        var app = await _f.ImportAsync("app:1", "app");
        var tar = _f.Dir.Combine("app.tar");
        await ImageSaver.SaveAsync(_f.Store, ["app:1"], tar);
        var gz = _f.Dir.Combine("app.tar.gz");
        using (var output = File.Create(gz))
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(File.ReadAllBytes(tar));
        }

        using var other = new TempDirectory("other-store");
        var store = new ImageStore(new StoreRoot(other.Path), _f.Clock);
        var loaded = Assert.Single(await ImageLoader.LoadAsync(store, gz));
        Assert.Equal(app.Id, loaded.Id);
    }

    [Fact]
    public async Task Load_of_a_docker_archive_builds_an_oci_manifest_and_keeps_the_image_id()
    {
        var config = Encoding.UTF8.GetBytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"DIFF\"]}}");
        var layerTar = File.ReadAllBytes(TestRootfs.WriteTar(_f.Dir.Combine("layer.tar"), "docker"));
        var diffId = Digest.Compute(layerTar);
        config = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(config).Replace("DIFF", diffId.ToString()));
        var configDigest = Digest.Compute(config);
        var archive = _f.Dir.Combine("docker.tar");
        using (var tar = new TarWriter(File.Create(archive), TarEntryFormat.Pax, leaveOpen: false))
        {
            // The legacy layout docker save wrote for years: <id>/layer.tar, a symlink for a repeated layer.
            Add(tar, $"{configDigest.Hex}.json", config);
            Add(tar, "abc/VERSION", "1.0"u8.ToArray());
            Add(tar, "abc/json", "{\"id\":\"abc\"}"u8.ToArray());
            Add(tar, "abc/layer.tar", layerTar);
            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "def/layer.tar") { LinkName = "../abc/layer.tar" });
            Add(tar, "manifest.json", Encoding.UTF8.GetBytes($"[{{\"Config\":\"{configDigest.Hex}.json\",\"RepoTags\":[\"legacy:1\"],\"Layers\":[\"def/layer.tar\"]}}]"));
        }

        var loaded = Assert.Single(await ImageLoader.LoadAsync(_f.Store, archive));
        Assert.Equal("docker.io/library/legacy:1", loaded.Reference!.ToString());
        Assert.Equal(configDigest, loaded.Id);
        var image = _f.Store.Resolve("legacy:1").Image;
        Assert.Equal(MediaTypes.OciManifest, image.Manifest.MediaType);
        Assert.Equal(MediaTypes.OciConfig, image.Manifest.Config.MediaType);
        Assert.Equal(new Descriptor(MediaTypes.OciLayer, diffId, layerTar.Length), image.Manifest.Layers[0]);
        Assert.Equal(3, _f.Store.Content.List().Count()); // manifest, config, layer: VERSION and json are not kept

        var saved = _f.Dir.Combine("saved.tar");
        await ImageSaver.SaveAsync(_f.Store, ["legacy:1"], saved);
        OciValidator.AssertValid(saved);
    }

    [Fact]
    public async Task A_docker_archive_whose_layer_does_not_match_the_config_is_refused_and_leaves_nothing()
    {
        var config = Encoding.UTF8.GetBytes($"{{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[\"sha256:{new string('1', 64)}\"]}}}}");
        var archive = _f.Dir.Combine("bad.tar");
        using (var tar = new TarWriter(File.Create(archive), TarEntryFormat.Pax, leaveOpen: false))
        {
            Add(tar, "config.json", config);
            Add(tar, "layer.tar", File.ReadAllBytes(TestRootfs.WriteTar(_f.Dir.Combine("layer.tar"), "x")));
            Add(tar, "manifest.json", "[{\"Config\":\"config.json\",\"RepoTags\":[\"bad:1\"],\"Layers\":[\"layer.tar\"]}]"u8.ToArray());
        }

        var index = File.ReadAllBytes(_f.IndexPath);
        var e = await Assert.ThrowsAsync<StoreException>(() => ImageLoader.LoadAsync(_f.Store, archive));
        Assert.Contains("the archive is corrupted", e.Message);
        Assert.Empty(_f.Store.Content.List());
        Assert.Equal(index, File.ReadAllBytes(_f.IndexPath));
    }

    [Fact]
    public async Task An_incomplete_oci_archive_is_refused_and_the_store_is_left_as_it_was()
    {
        var kept = await _f.ImportAsync("kept:1", "kept");
        using var source = new StoreFixture();
        var image = await source.ImportAsync("app:1", "app");
        var full = source.Dir.Combine("full.tar");
        await ImageSaver.SaveAsync(source.Store, ["app:1"], full);
        var cut = source.Dir.Combine("cut.tar");
        using (var reader = new TarReader(File.OpenRead(full)))
        using (var writer = new TarWriter(File.Create(cut), TarEntryFormat.Ustar, leaveOpen: false))
        {
            while (reader.GetNextEntry(copyData: true) is { } entry)
            {
                if (!entry.Name.EndsWith(image.Manifest.Layers[0].Digest.Hex, StringComparison.Ordinal))
                {
                    writer.WriteEntry(entry);
                }
            }
        }

        var blobs = _f.Store.Content.List().Order().ToList();
        var index = File.ReadAllBytes(_f.IndexPath);
        var e = await Assert.ThrowsAsync<StoreException>(() => ImageLoader.LoadAsync(_f.Store, cut));
        Assert.Contains("lacks layer", e.Message);
        Assert.Equal(blobs, _f.Store.Content.List().Order().ToList());
        Assert.Equal(index, File.ReadAllBytes(_f.IndexPath));
        Assert.Equal(kept.Id, Assert.Single(_f.Store.List()).Id);
    }

    [Fact]
    public async Task A_blob_whose_content_does_not_match_its_name_is_refused()
    {
        var archive = _f.Dir.Combine("lying.tar");
        using (var tar = new TarWriter(File.Create(archive), TarEntryFormat.Ustar, leaveOpen: false))
        {
            Add(tar, $"blobs/sha256/{new string('a', 64)}", "not that"u8.ToArray());
        }

        var e = await Assert.ThrowsAsync<StoreException>(() => ImageLoader.LoadAsync(_f.Store, archive));
        Assert.Contains("is corrupted", e.Message);
        Assert.Empty(_f.Store.Content.List());
    }

    [Fact]
    public async Task Unnamed_and_bare_tag_entries_load_as_dangling_images()
    {
        var image = await _f.ImportAsync("app:1", "app");
        var saved = _f.Dir.Combine("by-id.tar");
        await ImageSaver.SaveAsync(_f.Store, [image.Id.ToShortString()], saved);
        using var other = new TempDirectory("other-store");
        var store = new ImageStore(new StoreRoot(other.Path), _f.Clock);
        var loaded = Assert.Single(await ImageLoader.LoadAsync(store, saved));
        Assert.Null(loaded.Reference);
        Assert.Equal(image.Id, loaded.Id);
        Assert.Empty(Assert.Single(store.List()).Tags);
    }

    [Fact]
    public async Task Something_that_is_no_image_archive_is_refused_with_what_to_do()
    {
        var archive = TestRootfs.WriteTar(_f.Dir.Combine("rootfs.tar"), "x");
        var e = await Assert.ThrowsAsync<StoreException>(() => ImageLoader.LoadAsync(_f.Store, archive));
        Assert.Contains("is neither an OCI image layout (no index.json) nor a docker-archive (no manifest.json)", e.Message);
        Assert.Empty(_f.Store.Content.List());
    }

    private static void Add(TarWriter tar, string name, byte[] content) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
}
