using System.Text.Json;
using Builder.Cache.Images;
using Builder.Cache.Oci;
using Xunit;

namespace Builder.Cache.Tests.Images;

public sealed class ImageStoreTests : IDisposable
{
    private readonly StoreFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void A_new_store_is_an_oci_layout_with_an_empty_index()
    {
        var index = JsonDocument.Parse(File.ReadAllText(_f.IndexPath)).RootElement;
        Assert.Equal(2, index.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(MediaTypes.OciIndex, index.GetProperty("mediaType").GetString());
        Assert.Empty(index.GetProperty("manifests").EnumerateArray());
        Assert.Empty(_f.Store.List());
    }

    [Fact]
    public async Task Tags_are_index_entries_with_the_full_reference_in_both_annotations()
    {
        var image = await _f.ImportAsync("busybox", "a");
        var entry = Assert.Single(JsonDocument.Parse(File.ReadAllText(_f.IndexPath)).RootElement.GetProperty("manifests").EnumerateArray());
        Assert.Equal(image.Descriptor.Digest.ToString(), entry.GetProperty("digest").GetString());
        var annotations = entry.GetProperty("annotations");
        Assert.Equal("docker.io/library/busybox:latest", annotations.GetProperty(AnnotationKeys.RefName).GetString());
        Assert.Equal("docker.io/library/busybox:latest", annotations.GetProperty(AnnotationKeys.ContainerdImageName).GetString());
    }

    [Fact]
    public async Task Resolve_finds_by_name_id_id_prefix_and_digest()
    {
        var image = await _f.ImportAsync("me/app:1", "a");
        Assert.Equal(image.Id, _f.Store.Resolve("me/app:1").Image.Id);
        Assert.Equal(image.Id, _f.Store.Resolve("docker.io/me/app:1").Image.Id);
        Assert.Equal(image.Id, _f.Store.Resolve(image.Id.ToString()).Image.Id);
        Assert.Equal(image.Id, _f.Store.Resolve(image.Id.ToShortString()).Image.Id);
        Assert.Equal(image.Id, _f.Store.Resolve("sha256:" + image.Id.Hex[..6]).Image.Id);
        Assert.Equal(image.Id, _f.Store.Resolve(image.Descriptor.Digest.ToString()).Image.Id);
        Assert.Equal(image.Id, _f.Store.Resolve($"me/app@{image.Descriptor.Digest}").Image.Id);
        Assert.NotNull(_f.Store.Resolve("me/app:1").Reference);
        Assert.Null(_f.Store.Resolve(image.Id.ToShortString()).Reference);
    }

    [Fact]
    public async Task Resolve_of_a_missing_image_says_where_it_looked_and_what_to_do()
    {
        await _f.ImportAsync("me/app:1", "a");
        var e = Assert.Throws<StoreException>(() => _f.Store.Resolve("me/app:2"));
        Assert.Equal($"image 'me/app:2' not found in the store at {_f.Store.Root.Path}; list images with builder images", e.Message);
        Assert.Contains("invalid reference format", Assert.Throws<StoreException>(() => _f.Store.Resolve("UPPER/Case!")).Message);
    }

    [Fact]
    public async Task Tag_adds_a_name_and_moving_a_tag_leaves_the_old_image_dangling()
    {
        var a = await _f.ImportAsync("app:1", "a");
        _f.Store.Tag("app:1", "app:latest");
        Assert.Equal(["docker.io/library/app:1", "docker.io/library/app:latest"], _f.Store.Resolve("app:1").Image.Tags.Select(t => t.ToString()).Order());

        var b = await _f.ImportAsync("app:1", "b");
        _f.Store.Tag("app:1", "app:latest");
        Assert.Equal(b.Id, _f.Store.Resolve("app:latest").Image.Id);
        var dangling = Assert.Single(_f.Store.List(), i => i.Id == a.Id);
        Assert.Empty(dangling.Tags);
        Assert.Equal(a.Id, _f.Store.Resolve(a.Id.ToShortString()).Image.Id);
    }

    [Fact]
    public async Task Tag_rejects_digests_and_bad_names_and_changes_nothing()
    {
        await _f.ImportAsync("app:1", "a");
        var before = File.ReadAllBytes(_f.IndexPath);
        Assert.Contains("digest", Assert.Throws<StoreException>(() => _f.Store.Tag("app:1", "app@sha256:" + new string('a', 64))).Message);
        Assert.Contains("invalid reference format", Assert.Throws<StoreException>(() => _f.Store.Tag("app:1", "Bad Name")).Message);
        Assert.Contains("not found", Assert.Throws<StoreException>(() => _f.Store.Tag("nope", "app:2")).Message);
        Assert.Equal(before, File.ReadAllBytes(_f.IndexPath));
    }

    [Fact]
    public async Task A_failed_index_write_leaves_the_old_index_and_images_intact()
    {
        await _f.ImportAsync("app:1", "a");
        var before = File.ReadAllBytes(_f.IndexPath);

        // The temp folder is where the new index is written before the rename; make it unusable.
        Directory.Delete(_f.Store.Root.Temp, recursive: true);
        File.WriteAllText(_f.Store.Root.Temp, "not a folder");
        var e = Assert.Throws<StoreException>(() => _f.Store.Tag("app:1", "app:2"));
        Assert.Contains("the image list is unchanged", e.Message);

        Assert.Equal(before, File.ReadAllBytes(_f.IndexPath));
        File.Delete(_f.Store.Root.Temp);
        Assert.Single(_f.Store.List());
        Assert.Throws<StoreException>(() => _f.Store.Resolve("app:2"));
    }

    [Fact]
    public void A_corrupted_index_is_reported_not_overwritten()
    {
        File.WriteAllText(_f.IndexPath, "{\"schemaVersion\":2,\"manif");
        var e = Assert.Throws<StoreException>(() => _f.Store.Tag("a", "b"));
        Assert.Contains("index.json is not a valid OCI index", e.Message);
        Assert.Equal("{\"schemaVersion\":2,\"manif", File.ReadAllText(_f.IndexPath));
    }

    [Fact]
    public async Task Concurrent_taggers_in_separate_store_instances_lose_no_tag()
    {
        await _f.ImportAsync("base:1", "a");
        var tasks = Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            var store = _f.OpenAgain();
            for (int i = 0; i < 10; i++)
            {
                store.Tag("base:1", $"w{worker}:t{i}");
            }
        }));
        await Task.WhenAll(tasks);

        var tags = _f.Store.Resolve("base:1").Image.Tags;
        Assert.Equal(41, tags.Length);
        Assert.Empty(Directory.GetFiles(_f.Store.Root.Temp));
    }

    [Fact]
    public async Task A_held_lock_times_out_with_a_clear_message()
    {
        await _f.ImportAsync("app:1", "a");
        using (StoreLock.Acquire(_f.Store.Root, "images", TimeSpan.FromSeconds(1)))
        {
            var e = Assert.Throws<StoreException>(() => _f.OpenAgain(TimeSpan.FromMilliseconds(200)).Tag("app:1", "app:2"));
            Assert.Contains("is busy: another builder process has held", e.Message);
            Assert.Contains("images.lock", e.Message);
        }

        _f.OpenAgain().Tag("app:1", "app:2");
    }

    [Fact]
    public async Task Foreign_bare_tag_ref_names_count_as_unnamed()
    {
        var image = await _f.ImportAsync("app:1", "a");
        var descriptor = new Descriptor(image.Descriptor.MediaType, image.Descriptor.Digest, image.Descriptor.Size)
            .WithAnnotation(AnnotationKeys.RefName, "latest");
        File.WriteAllBytes(_f.IndexPath, OciJson.Serialize(new ImageIndex(MediaTypes.OciIndex, [descriptor])));
        var listed = Assert.Single(_f.Store.List());
        Assert.Empty(listed.Tags);
    }
}
