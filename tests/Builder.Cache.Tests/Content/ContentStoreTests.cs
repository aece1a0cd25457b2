using System.Text;
using Builder.Cache.Content;
using Builder.Cache.Oci;
using Builder.TestKit;
using Xunit;

namespace Builder.Cache.Tests.Content;

public sealed class ContentStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ContentStore _store;

    public ContentStoreTests()
    {
        _store = new ContentStore(new StoreRoot(_dir.Path));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Root_is_an_oci_layout()
    {
        Assert.Equal("{\"imageLayoutVersion\":\"1.0.0\"}", File.ReadAllText(_dir.Combine("oci-layout")));
        Assert.True(Directory.Exists(_dir.Combine("blobs", "sha256")));
    }

    [Fact]
    public void Write_then_read_verifies_and_is_idempotent()
    {
        var a = _store.Write("content"u8, MediaTypes.OciLayer);
        var b = _store.Write("content"u8, MediaTypes.OciLayer);
        Assert.Equal(a, b);
        Assert.Equal("content", Encoding.UTF8.GetString(_store.ReadAllBytes(a.Digest)));
        Assert.Single(_store.List());
        Assert.Empty(Directory.GetFiles(_dir.Combine("tmp")));
    }

    [Fact]
    public void Corrupted_blob_is_detected_on_read()
    {
        var d = _store.Write("original"u8, MediaTypes.OciLayer);
        File.WriteAllText(_store.BlobPath(d.Digest), "tampered");
        var e = Assert.Throws<StoreException>(() => _store.ReadAllBytes(d.Digest));
        Assert.Contains("corrupted", e.Message);
    }

    [Fact]
    public async Task Expected_digest_mismatch_leaves_nothing_behind()
    {
        var wrong = Digest.Compute("other"u8);
        var e = await Assert.ThrowsAsync<StoreException>(() => _store.WriteAsync(new MemoryStream("data"u8.ToArray()), MediaTypes.OciLayer, wrong, default));
        Assert.Contains("mismatch", e.Message);
        Assert.Empty(_store.List());
        Assert.Empty(Directory.GetFiles(_dir.Combine("tmp")));
    }

    [Fact]
    public void Abandoned_writer_removes_its_temp_file()
    {
        string temp;
        using (var writer = _store.BeginWrite())
        {
            writer.Write("partial"u8);
            temp = writer.TempPath;
            Assert.True(File.Exists(temp));
        }

        Assert.False(File.Exists(temp));
        Assert.Empty(_store.List());
    }

    [Fact]
    public void Abandoned_writer_past_its_first_chunks_removes_its_temp_file()
    {
        string temp;
        var chunk = new byte[BlobFile.ChunkSize + 5];
        using (var writer = _store.BeginWrite())
        {
            writer.Write(chunk);
            writer.Write(chunk);
            temp = writer.TempPath;
        }

        Assert.False(File.Exists(temp));
        Assert.Empty(Directory.GetFiles(_dir.Combine("tmp")));
        Assert.Empty(_store.List());
    }

    [Fact]
    public async Task A_layer_of_many_chunks_is_stored_and_read_back()
    {
        var payload = new byte[(5 * BlobFile.ChunkSize) + 123];
        new Random(5).NextBytes(payload);
        var descriptor = await _store.WriteAsync(new MemoryStream(payload), MediaTypes.OciLayer, Digest.Compute(payload), default);
        Assert.Equal(payload.Length, descriptor.Size);
        Assert.Equal(payload, _store.ReadAllBytes(descriptor.Digest, long.MaxValue));
        Assert.Empty(Directory.GetFiles(_dir.Combine("tmp")));
    }

    [RootFact]
    public async Task A_full_disk_says_so_and_leaves_the_store_as_it_was()
    {
        Requirements.Root();
        using var small = new TempDirectory("builder-full");
        ExternalTools.RunOk("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", small.Path);
        try
        {
            var store = new ContentStore(new StoreRoot(small.Path));
            var kept = store.Write("kept"u8, MediaTypes.OciLayer);
            var payload = new byte[8 * BlobFile.ChunkSize];
            new Random(8).NextBytes(payload);

            var e = await Assert.ThrowsAsync<StoreException>(() => store.WriteAsync(new MemoryStream(payload), MediaTypes.OciLayer, null, default));

            Assert.Contains("is full", e.Message);
            Assert.Contains("builder prune", e.Message);
            Assert.Empty(Directory.GetFiles(Path.Combine(small.Path, "tmp")));
            Assert.Equal([kept.Digest], store.List());
            Assert.Equal("kept"u8.ToArray(), store.ReadAllBytes(kept.Digest));
        }
        finally
        {
            ExternalTools.Run("umount", small.Path);
        }
    }

    [Fact]
    public async Task Concurrent_writers_of_the_same_blob_agree()
    {
        var payload = new byte[1 << 20];
        new Random(1).NextBytes(payload);
        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(() => _store.WriteAsync(new MemoryStream(payload), MediaTypes.OciLayer, null, default)));
        var results = await Task.WhenAll(tasks);
        Assert.Single(results.Select(r => r.Digest).Distinct());
        Assert.Equal(payload, _store.ReadAllBytes(results[0].Digest, long.MaxValue));
    }

    [Fact]
    public void Missing_blob_says_what_to_do()
    {
        var e = Assert.Throws<StoreException>(() => _store.OpenRead(Digest.Compute("nope"u8)));
        Assert.Contains("not in the store", e.Message);
    }
}
