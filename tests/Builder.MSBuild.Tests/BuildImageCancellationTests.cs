using Builder.Cache;
using Builder.Cache.Images;
using Builder.TestKit;
using Microsoft.Build.Framework;
using Xunit;

namespace Builder.MSBuild.Tests;

/// <summary>
/// Ctrl-C in MSBuild calls <see cref="BuildImage.Cancel"/>: a pull or push in flight stops, the
/// task logs BLDMSB006 and returns false, and the store holds nothing half-written.
/// </summary>
public sealed class BuildImageCancellationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [ToolFact("busybox")]
    public async Task Cancelling_a_base_image_pull_stops_it_and_the_store_keeps_nothing_of_it()
    {
        using var temp = new TempDirectory("msbuild-cancel");
        var source = new ImageStore(new StoreRoot(temp.Combine("source")).EnsureCreated());
        var busybox = await BusyboxImage.ImportAsync(source);
        var layer = busybox.Manifest.Layers[^1].Digest.ToString();
        using var registry = new StallingRegistry(source.Content, busybox.ManifestDescriptor, r => r.HttpMethod == "GET" && r.Url!.AbsolutePath.EndsWith(layer, StringComparison.Ordinal));
        var root = new StoreRoot(temp.Combine("root"));
        var engine = new RecordingBuildEngine();
        var task = new BuildImage
        {
            BuildEngine = engine,
            ContextDirectory = PublishFolder.Create(temp),
            BaseImage = $"{registry.Host}/base/busybox:1",
            Tags = ["test/app:1"],
            StoreRoot = root.Path,
            AssemblyName = "app",
        };

        await CancelWhenStalledAsync(task, engine, registry);

        var store = new ImageStore(root);
        Assert.Empty(store.List());
        Assert.Empty(store.Content.List());
        Assert.Empty(Directory.EnumerateFileSystemEntries(root.Temp));
    }

    [ToolFact("busybox")]
    public async Task Cancelling_a_push_stops_it_and_says_the_image_is_stored_and_how_to_send_it()
    {
        using var temp = new TempDirectory("msbuild-cancel");
        var root = new StoreRoot(temp.Combine("root"));
        var store = new ImageStore(root.EnsureCreated());
        var busybox = await BusyboxImage.ImportAsync(store);
        using var registry = new StallingRegistry(store.Content, busybox.ManifestDescriptor, r => r.HttpMethod == "POST");
        var name = $"{registry.Host}/app:1";
        var engine = new RecordingBuildEngine();
        var task = new BuildImage
        {
            BuildEngine = engine,
            ContextDirectory = PublishFolder.Create(temp),
            BaseImage = BusyboxImage.Reference,
            Tags = [name],
            Push = true,
            StoreRoot = root.Path,
            AssemblyName = "app",
        };

        var error = await CancelWhenStalledAsync(task, engine, registry);

        Assert.Contains("is built and stored", error.Message, StringComparison.Ordinal);
        Assert.Contains($"builder push {name}", error.Message, StringComparison.Ordinal);
        Assert.Null(task.ManifestDigest);
        var built = store.Resolve(name).Image;
        Assert.All(built.Manifest.Layers, l => Assert.True(store.Content.Exists(l.Digest)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(root.Temp));
    }

    /// <summary>Runs the task, cancels it once the registry holds a request, and returns its one error, BLDMSB006.</summary>
    private static async Task<BuildErrorEventArgs> CancelWhenStalledAsync(BuildImage task, RecordingBuildEngine engine, StallingRegistry registry)
    {
        var run = Task.Run(task.Execute);
        await registry.Stalled.Task.WaitAsync(Patience);
        task.Cancel();

        Assert.False(await run.WaitAsync(Patience));
        var error = Assert.Single(engine.Errors);
        Assert.Equal("BLDMSB006", error.Code);
        return error;
    }
}
