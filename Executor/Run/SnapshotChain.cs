using Builder.Cache.Oci;
using Builder.Executor.Caching;
using Builder.Executor.Snapshots;
using Builder.Planner.Model;

namespace Builder.Executor.Run;

/// <summary>
/// The layers under a step as the snapshotter stacks them, bottom first: the base image's
/// layers with their diff ids, then each filesystem step's record of this build or the cache.
/// </summary>
internal static class SnapshotChain
{
    public static IReadOnlyList<LayerRef> Of(BuildStep top, IReadOnlyDictionary<Digest, StepRecord> records)
    {
        var chain = new List<BuildStep>();
        for (var step = top; step is not null; step = step.Parent)
        {
            chain.Add(step);
        }

        chain.Reverse();
        var layers = new List<LayerRef>();
        foreach (var step in chain)
        {
            if (step is ImageStep image)
            {
                layers.AddRange(LayerRef.Chain(image.Image.Layers, image.Image.Config.RootFs.DiffIds));
            }
            else if (step.HasLayer)
            {
                var record = records.TryGetValue(step.Key, out var r) ? r : throw new InvalidOperationException($"the result of step {step.Key} is missing");
                if (record.Layer is { } layer)
                {
                    layers.Add(new LayerRef(layer, record.DiffId ?? throw new InvalidOperationException($"the result of step {step.Key} has no diff id")));
                }
            }
        }

        return layers;
    }
}
