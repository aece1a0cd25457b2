using System.IO.Compression;
using System.Security.Cryptography;
using Builder.Cache.Images;
using Builder.Cache.Images.Import;
using Builder.Cache.Oci;
using Builder.TestKit;
using Xunit;

namespace Builder.Cache.Tests.Images;

public sealed class ImageImporterTests : IDisposable
{
    private readonly StoreFixture _f = new();

    public void Dispose() => _f.Dispose();

    private ImageImporter Importer => new(_f.Store);

    [Fact]
    public async Task Import_of_a_tar_makes_one_gzip_layer_whose_diff_id_is_the_tar_digest()
    {
        var tar = TestRootfs.WriteTar(_f.Dir.Combine("rootfs.tar"), "hello");
        var image = await Importer.ImportAsync(new ImportOptions(tar, "me/base:1") { Created = DateTimeOffset.UnixEpoch });

        var layer = Assert.Single(image.Manifest.Layers);
        Assert.Equal(MediaTypes.OciLayerGzip, layer.MediaType);
        Assert.Equal(MediaTypes.OciManifest, image.Descriptor.MediaType);
        Assert.Equal(MediaTypes.OciConfig, image.Manifest.Config.MediaType);
        var diffId = Assert.Single(image.Config.RootFs.DiffIds);
        Assert.Equal(Digest.FromHash(SHA256.HashData(File.ReadAllBytes(tar))), diffId);

        using var gzip = new GZipStream(_f.Store.Content.OpenRead(layer.Digest), CompressionMode.Decompress);
        var unpacked = new MemoryStream();
        gzip.CopyTo(unpacked);
        Assert.Equal(File.ReadAllBytes(tar), unpacked.ToArray());

        var history = Assert.Single(image.Config.History);
        Assert.Equal("Imported from rootfs.tar", history.Comment);
        Assert.Equal(DateTimeOffset.UnixEpoch, image.Config.Created);
        Assert.Equal(_f.Store.Platform.Architecture, image.Config.Architecture);
        Assert.Equal("linux", image.Config.Os);
        Assert.Equal(["docker.io/me/base:1"], image.Tags.Select(t => t.ToString()));
    }

    [Fact]
    public async Task Import_is_reproducible_and_defaults_created_to_the_clock()
    {
        var tar = TestRootfs.WriteTar(_f.Dir.Combine("rootfs.tar"), "hello");
        var a = await Importer.ImportAsync(new ImportOptions(tar, "a"));
        var b = await Importer.ImportAsync(new ImportOptions(tar, "b"));
        Assert.Equal(a.Descriptor.Digest, b.Descriptor.Digest);
        Assert.Equal(StoreFixture.Now, a.Config.Created);
    }

    [Fact]
    public async Task Import_of_a_gzip_tar_gives_the_same_diff_id_as_the_plain_tar()
    {
        var tar = TestRootfs.WriteTar(_f.Dir.Combine("rootfs.tar"), "hello");
        var gz = _f.Dir.Combine("rootfs.tgz");
        using (var output = File.Create(gz))
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(File.ReadAllBytes(tar));
        }

        var plain = await Importer.ImportAsync(new ImportOptions(tar, "plain"));
        var compressed = await Importer.ImportAsync(new ImportOptions(gz, "compressed"));
        Assert.Equal(plain.Config.RootFs.DiffIds.ToArray(), compressed.Config.RootFs.DiffIds.ToArray());
    }

    [Fact]
    public async Task Import_of_a_directory_is_reproducible_with_source_date_epoch()
    {
        var dir = _f.Dir.Combine("rootfs");
        Directory.CreateDirectory(Path.Combine(dir, "etc"));
        var file = Path.Combine(dir, "etc", "hostname");
        File.WriteAllText(file, "box\n");
        var epoch = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

        File.SetLastWriteTimeUtc(file, DateTime.UtcNow);
        var first = await Importer.ImportAsync(new ImportOptions(dir, "dir:1") { Created = epoch });
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(-3));
        var second = await Importer.ImportAsync(new ImportOptions(dir, "dir:2") { Created = epoch });
        var unclamped = await Importer.ImportAsync(new ImportOptions(dir, "dir:3"));

        Assert.Equal(first.Manifest.Layers.ToArray(), second.Manifest.Layers.ToArray());
        Assert.NotEqual(first.Config.RootFs.DiffIds[0], unclamped.Config.RootFs.DiffIds[0]);
        Assert.Equal("Imported from rootfs", first.Config.History[0].Comment);
    }

    [Fact]
    public async Task A_custom_tar_writer_can_replace_the_layer_writer()
    {
        var tar = TestRootfs.WriteTar(_f.Dir.Combine("rootfs.tar"), "from the seam");
        var dir = _f.Dir.Combine("empty");
        Directory.CreateDirectory(dir);
        var image = await new ImageImporter(_f.Store, new FileTarWriter(tar)).ImportAsync(new ImportOptions(dir, "seam"));
        Assert.Equal(Digest.FromHash(SHA256.HashData(File.ReadAllBytes(tar))), image.Config.RootFs.DiffIds[0]);
    }

    [Fact]
    public async Task Import_of_something_that_is_not_a_tar_fails_and_stores_nothing()
    {
        var bogus = _f.Dir.Combine("notes.txt");
        File.WriteAllText(bogus, new string('x', 2000));
        var e = await Assert.ThrowsAsync<StoreException>(() => Importer.ImportAsync(new ImportOptions(bogus, "x")));
        Assert.Equal($"root file system {bogus} is not a tar archive; pass a .tar or .tar.gz file.", e.Message);

        var missing = await Assert.ThrowsAsync<StoreException>(() => Importer.ImportAsync(new ImportOptions(_f.Dir.Combine("nope.tar"), "x")));
        Assert.Contains("is neither a file nor a directory", missing.Message);
        Assert.Empty(_f.Store.Content.List());
        Assert.Empty(Directory.GetFiles(_f.Store.Root.Temp));
    }

    [Fact]
    public async Task Import_with_a_digest_reference_is_refused_before_any_work()
    {
        var tar = TestRootfs.WriteTar(_f.Dir.Combine("rootfs.tar"), "x");
        var e = await Assert.ThrowsAsync<StoreException>(() => Importer.ImportAsync(new ImportOptions(tar, "a@sha256:" + new string('0', 64))));
        Assert.Contains("refusing to create a tag with a digest reference", e.Message);
        Assert.Empty(_f.Store.Content.List());
    }

    private sealed class FileTarWriter(string tar) : IRootfsTarWriter
    {
        public async Task WriteAsync(string directory, Stream destination, CancellationToken cancellationToken)
        {
            await using var file = File.OpenRead(tar);
            await file.CopyToAsync(destination, cancellationToken);
        }
    }
}
