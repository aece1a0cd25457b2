using Builder.Cache;
using Builder.Cache.Content;
using Builder.Cache.Oci;

namespace Builder.Executor.Caching;

/// <summary>
/// <c>--cache-to type=local,dest=DIR</c> / <c>--cache-from type=local,src=DIR</c>: a build cache
/// in a folder, so another store (another CI machine) gets the steps as CACHED. The folder is laid
/// out like a store — <c>blobs/sha256/</c> for the layers, <c>cache/steps/KEY.json</c> for the step
/// records — and keys are content addresses (Planner/README.md), so they mean the same in every
/// store that has the same base images and context.
/// </summary>
public sealed class LocalBuildCache : IBuildCacheSource
{
    private readonly ContentStore _content;
    private readonly StepCacheIndex _index;

    public LocalBuildCache(string folder)
    {
        Folder = Path.GetFullPath(folder);
        _content = new ContentStore(new StoreRoot(Folder));
        _index = new StepCacheIndex(_content);
    }

    public string Folder { get; }

    /// <summary>The record of <paramref name="key"/> in the folder (its layer present), or null.</summary>
    public StepRecord? Find(Digest key) => _index.Find(key);

    /// <summary>Copies a found record's layer into <paramref name="into"/> (verified), so the build can use and keep it.</summary>
    public async Task ImportLayerAsync(StepRecord record, ContentStore into, CancellationToken ct)
    {
        if (record.Layer is { } layer)
        {
            await CopyLayerAsync(layer, _content, into, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the export's records and their layers (read from <paramref name="from"/>) into the folder.</summary>
    public async Task ExportAsync(BuildCacheExport export, ContentStore from, CancellationToken ct)
    {
        new StoreRoot(Folder).EnsureCreated();
        foreach (var layer in export.Layers)
        {
            await CopyLayerAsync(layer, from, _content, ct).ConfigureAwait(false);
        }

        foreach (var (key, record) in export.Records)
        {
            _index.Save(key, record);
        }
    }

    private static async Task CopyLayerAsync(Descriptor layer, ContentStore from, ContentStore to, CancellationToken ct)
    {
        if (!to.Exists(layer.Digest))
        {
            await using var blob = from.OpenRead(layer.Digest);
            await to.WriteAsync(blob, layer.MediaType, layer.Digest, ct).ConfigureAwait(false);
        }
    }
}
