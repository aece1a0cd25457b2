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
        var layers = Copy.LayerChain.Of(root, records, store, staging).Layers;
        Directory.CreateDirectory(target);
        foreach (var layer in layers)
        {
            var from = store.Exists(layer.Digest) ? store : staging;
            await using var blob = from.OpenRead(layer.Digest);
            await LayerApplier.ApplyAsync(blob, MediaTypes.CompressionOf(layer.MediaType), target, new ApplyOptions { Target = ApplyTarget.Existing, Expected = layer }, ct).ConfigureAwait(false);
        }
    }
}
