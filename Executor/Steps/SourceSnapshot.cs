using Builder.Cache.Content;
using Builder.Cache.Layers;
using Builder.Cache.Oci;
using Builder.Executor.Caching;
using Builder.Planner.Model;

namespace Builder.Executor.Steps;

/// <summary>
/// The root filesystem of a <c>COPY --from</c> source (another stage's last step, or an image of
/// the store): its chain's layers (the base image's, then each filesystem step's record) applied
/// in order into a fresh folder. Layers are read from the store, or from this build's staging
/// store when the step ran in this build.
/// </summary>
internal static class SourceSnapshot
{
    public static async Task MaterializeAsync(BuildStep root, IReadOnlyDictionary<Digest, StepRecord> records, ContentStore store, ContentStore staging, string target, CancellationToken ct)
    {
        var chain = new List<BuildStep>();
        for (var step = root; step is not null; step = step.Parent)
        {
            chain.Add(step);
        }

        chain.Reverse();
        var layers = new List<Descriptor>();
        foreach (var step in chain)
        {
            if (step is ImageStep image)
            {
                layers.AddRange(image.Image.Layers);
            }
            else if (step.HasLayer)
            {
                var record = records.TryGetValue(step.Key, out var r) ? r : throw new InvalidOperationException($"the result of step {step.Key} is missing");
                if (record.Layer is { } layer)
                {
                    layers.Add(layer);
                }
            }
        }

        Directory.CreateDirectory(target);
        foreach (var layer in layers)
        {
            var from = store.Exists(layer.Digest) ? store : staging;
            await using var blob = from.OpenRead(layer.Digest);
            await LayerApplier.ApplyAsync(blob, MediaTypes.CompressionOf(layer.MediaType), target, new ApplyOptions { Target = ApplyTarget.Existing, Expected = layer }, ct).ConfigureAwait(false);
        }
    }
}
