using System.Collections.Immutable;
using Builder.Cache.Content;
using Builder.Cache.Oci;
using Builder.Cache.Registry;
using Builder.Planner.Model;

namespace Builder.Executor.Caching;

/// <summary>
/// What a <c>--cache-to</c> writes, whatever the transport: the step records by key and the layer
/// blobs they name. <c>mode=min</c> takes the target stage's steps, <c>mode=max</c> every step
/// of the build (other stages too), as BuildKit's modes do.
/// </summary>
public sealed record BuildCacheExport(ImmutableSortedDictionary<Digest, StepRecord> Records)
{
    public static BuildCacheExport Select(BuildPlan plan, IReadOnlyDictionary<Digest, StepRecord> results, bool allStages)
    {
        var keys = allStages ? results.Keys : plan.Target!.Steps.Select(s => s.Key);
        return new BuildCacheExport(keys.Distinct().ToImmutableSortedDictionary(k => k, k => results[k]));
    }

    /// <summary>The layers the records name, once each, in key order (the same export lists them the same way).</summary>
    public ImmutableArray<Descriptor> Layers =>
        [.. Records.Values.Select(r => r.Layer).OfType<Descriptor>().DistinctBy(l => l.Digest)];

    /// <summary>
    /// Writes the export to <paramref name="to"/>: layers read from <paramref name="from"/>;
    /// <paramref name="scratch"/> holds a registry cache's config until it is pushed. Returns a
    /// line for the progress.
    /// </summary>
    internal async Task<string> WriteAsync(BuildCacheLocation to, ContentStore from, ContentStore scratch, RegistryOptions registry, CancellationToken ct)
    {
        switch (to)
        {
            case BuildCacheLocation.Folder folder:
                await new LocalBuildCache(folder.Path).ExportAsync(this, from, ct).ConfigureAwait(false);
                return $"{Records.Count} steps, {Layers.Length} layers written";
            case BuildCacheLocation.Registry { Reference: var reference }:
                var manifest = await RegistryBuildCache.ExportAsync(this, reference, registry, from, scratch, ct).ConfigureAwait(false);
                return $"{Records.Count} steps, {Layers.Length} layers; cache manifest {manifest} pushed";
            default:
                throw new ArgumentOutOfRangeException(nameof(to), to, "not a build cache location");
        }
    }
}
