using System.Collections.Immutable;
using Builder.Cache.Images;
using Builder.Cache.Oci;
using Builder.Executor.Caching;
using Builder.Planner.Model;

namespace Builder.Executor.Export;

/// <summary>
/// Writes the target stage as an OCI image into the store: the base image's layers, then one
/// layer per filesystem step of the stage chain (from the step results), the planned config
/// with <c>rootfs</c> and the missing <c>created</c> times filled in, a manifest, the tags.
/// </summary>
internal static class ImageExporter
{
    public static StoredImage Export(ImageStore store, StagePlan target, IReadOnlyDictionary<Digest, StepRecord> results, DateTimeOffset created, IReadOnlyCollection<ImageReference> tags)
    {
        var chain = new List<BuildStep>();
        for (var step = target.Root; step is not null; step = step.Parent)
        {
            chain.Add(step);
        }

        chain.Reverse();
        var layers = ImmutableArray.CreateBuilder<Descriptor>();
        var diffIds = ImmutableArray.CreateBuilder<Digest>();
        if (chain[0] is ImageStep image)
        {
            layers.AddRange(image.Image.Layers);
            diffIds.AddRange(image.Image.Config.RootFs.DiffIds);
        }

        foreach (var step in chain.Where(s => s.HasLayer))
        {
            var record = results[step.Key];
            layers.Add(record.Layer ?? throw new InvalidOperationException($"step {step.Key} has a layer but its result has none"));
            diffIds.Add(record.DiffId!.Value);
        }

        var history = target.Config.History.Select(h => h.Created is null ? h with { Created = created } : h).ToImmutableArray();
        int withLayer = history.Count(h => h.EmptyLayer != true);
        if (withLayer != layers.Count)
        {
            throw new InvalidOperationException($"the plan's history has {withLayer} entries with a layer but the image has {layers.Count} layers");
        }

        var config = target.Config with { Created = created, RootFs = new RootFs("layers", diffIds.ToImmutable()), History = history };
        var configDescriptor = store.Content.WriteJson(config, MediaTypes.OciConfig);
        var manifest = new Manifest(MediaTypes.OciManifest, configDescriptor, layers.ToImmutable());
        var manifestDescriptor = store.Content.WriteJson(manifest, MediaTypes.OciManifest);
        return store.Add(manifestDescriptor, tags);
    }
}
