using System.Text.Json.Serialization;
using Builder.Cache;
using Builder.Cache.Content;
using Builder.Cache.Oci;
using Builder.Executor.Json;

namespace Builder.Executor.Caching;

/// <summary>A step's result: its layer (null for a config-only or base step) and when it was made.</summary>
public sealed record StepRecord(
    [property: JsonPropertyName("layer")] Descriptor? Layer,
    [property: JsonPropertyName("diffId")] Digest? DiffId,
    [property: JsonPropertyName("created")] DateTimeOffset Created);

/// <summary>
/// Step key → result, one small JSON file per key under <c>ROOT/cache/steps/</c>, written to a
/// temp file and renamed. A record whose layer blob is gone (pruned) is a miss.
/// </summary>
public sealed class StepCacheIndex(ContentStore content)
{
    private StoreRoot Root => content.Root;

    public string Folder => Path.Combine(Root.Path, "cache", "steps");

    public StepRecord? Find(Digest key)
    {
        var path = Path.Combine(Folder, key.Hex + ".json");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var record = OciJson.Deserialize(File.ReadAllBytes(path), ExecutorJsonContext.Records.StepRecord);
            return record.Layer is { } layer && !content.Exists(layer.Digest) ? null : record;
        }
        catch (System.Text.Json.JsonException)
        {
            return null; // a damaged record is a miss; the next run rewrites it
        }
    }

    public void Save(Digest key, StepRecord record)
    {
        Directory.CreateDirectory(Folder);
        AtomicFile.WriteAllBytes(Root, Path.Combine(Folder, key.Hex + ".json"), OciJson.Serialize(record, ExecutorJsonContext.Records.StepRecord), flushToDisk: false);
    }
}
