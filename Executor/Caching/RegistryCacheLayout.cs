using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Builder.Cache;
using Builder.Cache.Oci;
using Builder.Executor.Json;

namespace Builder.Executor.Caching;

/// <summary>
/// The documents of a registry build cache (Executor/README.md, "Build cache transports"), close
/// to BuildKit's <c>image-manifest=true</c> form: an OCI image manifest whose layers are the cached
/// layer blobs (annotated with their diff id, as BuildKit does) and whose config blob,
/// <see cref="ConfigMediaType"/>, lists the step records by key. A record names its layer by the
/// same descriptor the manifest lists, so an import needs nothing but these two documents.
/// </summary>
internal static class RegistryCacheLayout
{
    public const string ConfigMediaType = "application/vnd.builder.cache.config.v1+json";

    /// <summary>containerd's (and BuildKit's) annotation for a layer's diff id.</summary>
    public const string UncompressedAnnotation = "containerd.io/uncompressed";

    public static byte[] Config(BuildCacheExport export) => OciJson.Serialize(
        new RegistryCacheConfig([.. export.Records.Select(r => new RegistryCacheStep(r.Key, r.Value.Layer, r.Value.DiffId, r.Value.Created))]),
        ExecutorJsonContext.Records.RegistryCacheConfig);

    public static byte[] Manifest(Descriptor config, BuildCacheExport export)
    {
        var diffIds = export.Records.Values.Where(r => r.Layer is not null && r.DiffId is not null)
            .DistinctBy(r => r.Layer!.Digest).ToDictionary(r => r.Layer!.Digest, r => r.DiffId!.Value);
        var layers = export.Layers.Select(l => diffIds.TryGetValue(l.Digest, out var diffId) ? l.WithAnnotation(UncompressedAnnotation, diffId.ToString()) : l);
        return OciJson.Serialize(new Manifest(MediaTypes.OciManifest, config, [.. layers]));
    }

    /// <summary>The manifest, if it is one of a builder cache; else null with why.</summary>
    public static Manifest? ReadManifest(byte[] bytes, out string? why)
    {
        try
        {
            var manifest = OciJson.Deserialize<Manifest>(bytes);
            why = manifest.Config?.MediaType == ConfigMediaType ? null
                : $"its config is {manifest.Config?.MediaType ?? "missing"}, not {ConfigMediaType}";
            return why is null ? manifest : null;
        }
        catch (JsonException e)
        {
            why = $"its manifest is not valid JSON ({e.Message})";
            return null;
        }
    }

    /// <summary>The step records of a cache config; a record whose layer the manifest does not list is left out (an import could not fetch it).</summary>
    public static ImmutableDictionary<Digest, StepRecord> ReadConfig(byte[] bytes, Manifest manifest, string display)
    {
        RegistryCacheConfig? config;
        try
        {
            config = JsonSerializer.Deserialize(bytes, ExecutorJsonContext.Records.RegistryCacheConfig);
        }
        catch (JsonException e)
        {
            throw new StoreException($"the cache config of {display} is not valid JSON ({e.Message}); export the cache again with --cache-to type=registry,ref={display}.", e);
        }

        var listed = manifest.Layers.IsDefault ? [] : manifest.Layers.Select(l => (l.Digest, l.Size)).ToHashSet();
        return (config?.Steps.IsDefault ?? true ? [] : config.Steps)
            .Where(s => s.Layer is null ? s.DiffId is null : s.DiffId is not null && listed.Contains((s.Layer.Digest, s.Layer.Size)))
            .ToImmutableDictionary(s => s.Key, s => new StepRecord(s.Layer, s.DiffId, s.Created));
    }
}

/// <summary>The config blob: one entry per cached step, in key order.</summary>
internal sealed record RegistryCacheConfig([property: JsonPropertyName("steps")] ImmutableArray<RegistryCacheStep> Steps);

/// <summary>A step record (<see cref="StepRecord"/>'s fields) with its key.</summary>
internal sealed record RegistryCacheStep(
    [property: JsonPropertyName("key")] Digest Key,
    [property: JsonPropertyName("layer")] Descriptor? Layer,
    [property: JsonPropertyName("diffId")] Digest? DiffId,
    [property: JsonPropertyName("created")] DateTimeOffset Created);
