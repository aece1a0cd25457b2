using System.Formats.Tar;
using System.Text.Json;
using Builder.Cache.Images.Archive;
using Builder.Cache.Oci;
using Builder.TestKit;
using Xunit;

namespace Builder.Cache.Tests.Images.Archive;

public sealed class ImageSaverTests : IDisposable
{
    private readonly StoreFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Save_writes_one_tar_that_is_an_oci_layout_and_a_docker_archive()
    {
        var app = await _f.ImportAsync("me/app:1", "app");
        var db = await _f.ImportAsync("localhost:5000/db:2", "db");
        var output = _f.Dir.Combine("images.tar");
        await ImageSaver.SaveAsync(_f.Store, ["me/app:1", "localhost:5000/db:2"], output);

        OciValidator.AssertValid(output);
        var names = Entries(output).Select(e => e.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(["blobs/", "blobs/sha256/"], names.Take(2));
        Assert.Equal(["index.json", "manifest.json", "oci-layout"], names.TakeLast(3));
        Assert.Equal(2 + 6 + 3, names.Count);
        Assert.All(Entries(output), e => Assert.Equal(DateTimeOffset.UnixEpoch, e.ModificationTime));

        var index = Json(output, "index.json");
        var entries = index.GetProperty("manifests").EnumerateArray().ToList();
        Assert.Equal(app.Descriptor.Digest.ToString(), entries[0].GetProperty("digest").GetString());
        Assert.Equal("1", entries[0].GetProperty("annotations").GetProperty(AnnotationKeys.RefName).GetString());
        Assert.Equal("docker.io/me/app:1", entries[0].GetProperty("annotations").GetProperty(AnnotationKeys.ContainerdImageName).GetString());
        Assert.Equal("localhost:5000/db:2", entries[1].GetProperty("annotations").GetProperty(AnnotationKeys.ContainerdImageName).GetString());

        var docker = Json(output, "manifest.json").EnumerateArray().ToList();
        Assert.Equal($"blobs/sha256/{app.Id.Hex}", docker[0].GetProperty("Config").GetString());
        Assert.Equal(["me/app:1"], docker[0].GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal([$"blobs/sha256/{app.Manifest.Layers[0].Digest.Hex}"], docker[0].GetProperty("Layers").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["localhost:5000/db:2"], docker[1].GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal($"blobs/sha256/{db.Id.Hex}", docker[1].GetProperty("Config").GetString());
    }

    [Fact]
    public async Task Save_by_id_writes_no_names_and_by_two_tags_one_image_with_both()
    {
        var image = await _f.ImportAsync("app:1", "a");
        _f.Store.Tag("app:1", "app:2");
        var byId = _f.Dir.Combine("by-id.tar");
        await ImageSaver.SaveAsync(_f.Store, [image.Id.ToShortString()], byId);
        OciValidator.AssertValid(byId);
        Assert.False(Json(byId, "index.json").GetProperty("manifests")[0].TryGetProperty("annotations", out _));
        Assert.False(Json(byId, "manifest.json")[0].TryGetProperty("RepoTags", out _));

        var byTags = _f.Dir.Combine("by-tags.tar");
        await ImageSaver.SaveAsync(_f.Store, ["app:1", "app:2", image.Id.ToString()], byTags);
        OciValidator.AssertValid(byTags);
        Assert.Equal(2, Json(byTags, "index.json").GetProperty("manifests").GetArrayLength());
        var docker = Assert.Single(Json(byTags, "manifest.json").EnumerateArray());
        Assert.Equal(["app:1", "app:2"], docker.GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Save_is_deterministic()
    {
        await _f.ImportAsync("app:1", "a");
        var first = _f.Dir.Combine("first.tar");
        var second = _f.Dir.Combine("second.tar");
        await ImageSaver.SaveAsync(_f.Store, ["app:1"], first);
        await ImageSaver.SaveAsync(_f.Store, ["app:1"], second);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public async Task Save_of_a_missing_image_writes_nothing()
    {
        await _f.ImportAsync("app:1", "a");
        var output = _f.Dir.Combine("out.tar");
        var e = await Assert.ThrowsAsync<StoreException>(() => ImageSaver.SaveAsync(_f.Store, ["app:1", "nope"], output));
        Assert.Contains("image 'nope' not found", e.Message);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_f.Dir.Path, "*.tmp"));
    }

    [Fact]
    public async Task Save_of_a_corrupted_blob_fails_and_keeps_the_previous_file()
    {
        var image = await _f.ImportAsync("app:1", "a");
        var output = _f.Dir.Combine("out.tar");
        File.WriteAllText(output, "previous");
        File.WriteAllText(_f.Store.Content.BlobPath(image.Manifest.Layers[0].Digest), "tampered");
        await Assert.ThrowsAsync<StoreException>(() => ImageSaver.SaveAsync(_f.Store, ["app:1"], output));
        Assert.Equal("previous", File.ReadAllText(output));
        Assert.Empty(Directory.GetFiles(_f.Dir.Path, ".*.tmp"));
    }

    internal static List<TarEntry> Entries(string tar)
    {
        using var reader = new TarReader(File.OpenRead(tar));
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry(copyData: true) is { } e)
        {
            entries.Add(e);
        }

        return entries;
    }

    internal static JsonElement Json(string tar, string name)
    {
        var entry = Entries(tar).Single(e => e.Name == name);
        return JsonDocument.Parse(entry.DataStream!).RootElement.Clone();
    }
}
