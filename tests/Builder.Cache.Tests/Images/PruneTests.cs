using Builder.Cache.Images;
using Builder.Cache.Oci;
using Xunit;

namespace Builder.Cache.Tests.Images;

public sealed class PruneTests : IDisposable
{
    private readonly StoreFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Prune_removes_dangling_images_and_unreachable_blobs_and_keeps_tagged_ones()
    {
        var old = await _f.ImportAsync("app:1", "old");
        var current = await _f.ImportAsync("app:1", "new");
        var orphan = _f.Store.Content.Write("nobody points at me"u8, MediaTypes.OciLayer);
        long expected = old.Descriptor.Size + old.Manifest.Config.Size + old.Manifest.Layers[0].Size + orphan.Size;

        var result = ImageGarbageCollector.Prune(_f.Store);

        Assert.Equal(old.Descriptor.Digest, Assert.Single(result.DeletedImages));
        Assert.Equal(4, result.DeletedBlobs);
        Assert.Equal(expected, result.ReclaimedBytes);
        Assert.False(_f.Store.Content.Exists(orphan.Digest));
        Assert.False(_f.Store.Content.Exists(old.Manifest.Layers[0].Digest));
        var left = Assert.Single(_f.Store.List());
        Assert.Equal(current.Id, left.Id);
        Assert.Equal(3, _f.Store.Content.List().Count());
    }

    [Fact]
    public async Task Prune_twice_reclaims_nothing_the_second_time()
    {
        await _f.ImportAsync("app:1", "a");
        ImageGarbageCollector.Prune(_f.Store);
        var again = ImageGarbageCollector.Prune(_f.Store);
        Assert.Empty(again.DeletedImages);
        Assert.Equal(0, again.DeletedBlobs);
        Assert.Equal(0, again.ReclaimedBytes);
    }

    [Fact]
    public void Prune_removes_temp_files_older_than_an_hour_only()
    {
        var stale = Path.Combine(_f.Store.Root.Temp, "blob.stale.tmp");
        var fresh = Path.Combine(_f.Store.Root.Temp, "blob.fresh.tmp");
        File.WriteAllText(stale, "12345");
        File.WriteAllText(fresh, "in progress");
        File.SetLastWriteTimeUtc(stale, StoreFixture.Now.UtcDateTime.AddHours(-2));
        File.SetLastWriteTimeUtc(fresh, StoreFixture.Now.UtcDateTime.AddMinutes(-10));

        var result = ImageGarbageCollector.Prune(_f.Store);

        Assert.Equal(1, result.DeletedTempFiles);
        Assert.Equal(5, result.ReclaimedBytes);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
    }
}
