using System.Formats.Tar;
using System.Text.Json;
using Builder.Cache.Images;
using Builder.Cache.Images.Archive;
using Builder.TestKit;
using Xunit;

namespace Builder.Cache.Tests.Images.Archive;

/// <summary>Saved images read by other OCI tools, and archives those tools write read by us. CI runs these (setup.sh installs skopeo and umoci).</summary>
public sealed class InteropTests : IDisposable
{
    private readonly StoreFixture _f = new();

    public void Dispose() => _f.Dispose();

    [ToolFact("skopeo")]
    public async Task Skopeo_inspects_a_saved_image()
    {
        var image = await _f.ImportAsync("me/app:1", "app");
        var saved = await SaveAsync("me/app:1");
        var inspect = JsonDocument.Parse(ExternalTools.RunOk("skopeo", "inspect", $"oci-archive:{saved}")).RootElement;
        Assert.Equal(image.Descriptor.Digest.ToString(), inspect.GetProperty("Digest").GetString());
        Assert.Equal(image.Manifest.Layers[0].Digest.ToString(), inspect.GetProperty("Layers")[0].GetString());
        var config = JsonDocument.Parse(ExternalTools.RunOk("skopeo", "inspect", "--config", $"oci-archive:{saved}:1")).RootElement;
        Assert.Equal(image.Config.RootFs.DiffIds[0].ToString(), config.GetProperty("rootfs").GetProperty("diff_ids")[0].GetString());
    }

    [ToolFact("umoci")]
    public async Task Umoci_unpacks_a_saved_image_by_its_ref_name()
    {
        await _f.ImportAsync("me/app:1", "unpack me");
        var saved = await SaveAsync("me/app:1");
        var layout = _f.Dir.Combine("layout");
        Directory.CreateDirectory(layout);
        await TarFile.ExtractToDirectoryAsync(saved, layout, overwriteFiles: false);
        var bundle = _f.Dir.Combine("bundle");
        var args = new List<string> { "unpack" };
        if (Environment.UserName != "root")
        {
            args.Add("--rootless");
        }

        args.AddRange(["--image", $"{layout}:1", bundle]);
        ExternalTools.RunOk("umoci", [.. args]);
        Assert.Equal("unpack me\n", File.ReadAllText(Path.Combine(bundle, "rootfs", "etc", "marker")));
        Assert.True(File.Exists(Path.Combine(bundle, "config.json")));
    }

    [ToolFact("skopeo")]
    public async Task A_docker_archive_written_by_skopeo_loads_with_its_name_and_image_id()
    {
        var image = await _f.ImportAsync("me/app:1", "app");
        var saved = await SaveAsync("me/app:1");
        var docker = _f.Dir.Combine("docker-archive.tar");
        ExternalTools.RunOk("skopeo", "copy", "-q", $"oci-archive:{saved}", $"docker-archive:{docker}:copied/app:2");

        var store = FreshStore();
        var loaded = Assert.Single(await ImageLoader.LoadAsync(store, docker));
        Assert.Equal("docker.io/copied/app:2", loaded.Reference!.ToString());
        Assert.Equal(image.Config.RootFs.DiffIds.ToArray(), store.Resolve("copied/app:2").Image.Config.RootFs.DiffIds.ToArray());
        var resaved = _f.Dir.Combine("resaved.tar");
        await ImageSaver.SaveAsync(store, ["copied/app:2"], resaved);
        OciValidator.AssertValid(resaved);
    }

    [ToolFact("skopeo")]
    public async Task An_oci_archive_written_by_skopeo_loads_with_its_ref_name()
    {
        var image = await _f.ImportAsync("me/app:1", "app");
        var saved = await SaveAsync("me/app:1");
        var oci = _f.Dir.Combine("oci-archive.tar");
        ExternalTools.RunOk("skopeo", "copy", "-q", $"oci-archive:{saved}", $"oci-archive:{oci}:copied/app:3");

        var store = FreshStore();
        var loaded = Assert.Single(await ImageLoader.LoadAsync(store, oci));
        Assert.Equal("docker.io/copied/app:3", loaded.Reference!.ToString());
        Assert.Equal(image.Id, loaded.Id);
    }

    private async Task<string> SaveAsync(params string[] names)
    {
        var saved = _f.Dir.Combine($"saved-{Guid.NewGuid():N}.tar");
        await ImageSaver.SaveAsync(_f.Store, names, saved);
        OciValidator.AssertValid(saved);
        return saved;
    }

    private ImageStore FreshStore() => new(new StoreRoot(_f.Dir.Combine($"store-{Guid.NewGuid():N}")), _f.Clock);
}
