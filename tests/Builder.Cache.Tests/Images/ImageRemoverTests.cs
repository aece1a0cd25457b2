using Builder.Cache.Images;
using Xunit;

namespace Builder.Cache.Tests.Images;

public sealed class ImageRemoverTests : IDisposable
{
    private readonly StoreFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Removing_one_of_two_tags_only_untags()
    {
        var image = await _f.ImportAsync("app:1", "a");
        _f.Store.Tag("app:1", "app:2");
        var result = ImageRemover.Remove(_f.Store, ["app:1"], force: false);

        var removal = Assert.Single(result.Removed);
        Assert.Equal("docker.io/library/app:1", Assert.Single(removal.Untagged).ToString());
        Assert.Null(removal.Deleted);
        Assert.Empty(result.Errors);
        Assert.Equal(image.Id, _f.Store.Resolve("app:2").Image.Id);
        Assert.True(_f.Store.Content.Exists(image.Manifest.Layers[0].Digest));
    }

    [Fact]
    public async Task Removing_the_last_tag_deletes_the_image_and_the_blobs_only_it_used()
    {
        var a = await _f.ImportAsync("app:1", "a");
        var b = await _f.ImportAsync("other:1", "b");
        var result = ImageRemover.Remove(_f.Store, ["app:1"], force: false);

        Assert.Equal(a.Id, Assert.Single(result.Removed).Deleted);
        Assert.False(_f.Store.Content.Exists(a.Descriptor.Digest));
        Assert.False(_f.Store.Content.Exists(a.Id));
        Assert.False(_f.Store.Content.Exists(a.Manifest.Layers[0].Digest));
        Assert.True(_f.Store.Content.Exists(b.Manifest.Layers[0].Digest));
        Assert.Equal(b.Id, Assert.Single(_f.Store.List()).Id);
    }

    [Fact]
    public async Task Layers_shared_with_another_image_are_kept()
    {
        var a = await _f.ImportAsync("app:1", "same");
        var b = await _f.ImportAsync("app:2", "same", created: DateTimeOffset.UnixEpoch.AddDays(1));
        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal(a.Manifest.Layers[0].Digest, b.Manifest.Layers[0].Digest);

        ImageRemover.Remove(_f.Store, ["app:1"], force: false);
        Assert.False(_f.Store.Content.Exists(a.Id));
        Assert.True(_f.Store.Content.Exists(b.Manifest.Layers[0].Digest));
    }

    [Fact]
    public async Task Removing_by_id_with_tags_in_several_repositories_needs_force()
    {
        var image = await _f.ImportAsync("app:1", "a");
        _f.Store.Tag("app:1", "mirror/app:1");
        var refused = ImageRemover.Remove(_f.Store, [image.Id.ToShortString()], force: false);
        Assert.Empty(refused.Removed);
        Assert.Contains("(must be forced) - image is referenced in multiple repositories", Assert.Single(refused.Errors));
        Assert.Equal(2, _f.Store.Resolve("app:1").Image.Tags.Length);

        var forced = ImageRemover.Remove(_f.Store, [image.Id.ToShortString()], force: true);
        var removal = Assert.Single(forced.Removed);
        Assert.Equal(2, removal.Untagged.Length);
        Assert.Equal(image.Id, removal.Deleted);
        Assert.Empty(_f.Store.List());
    }

    [Fact]
    public async Task Removing_by_id_with_tags_in_one_repository_removes_them_all()
    {
        var image = await _f.ImportAsync("app:1", "a");
        _f.Store.Tag("app:1", "app:2");
        var result = ImageRemover.Remove(_f.Store, [image.Id.ToString()], force: false);
        Assert.Equal(2, Assert.Single(result.Removed).Untagged.Length);
        Assert.Empty(_f.Store.List());
    }

    [Fact]
    public async Task A_missing_name_is_an_error_but_the_other_names_are_still_removed()
    {
        await _f.ImportAsync("app:1", "a");
        var result = ImageRemover.Remove(_f.Store, ["nope", "app:1"], force: false);
        Assert.Single(result.Removed);
        Assert.Contains("image 'nope' not found", Assert.Single(result.Errors));
        Assert.Empty(_f.Store.List());
    }
}
