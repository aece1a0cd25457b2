using Builder.Cache.Content;
using Builder.Cache.Layers;
using Builder.Cache.Oci;
using Builder.Executor.Caching;
using Builder.Planner.Model;

namespace Builder.Executor.Steps.Copy;

/// <summary>
/// The layers under a step, bottom first: its base image's layers, then the layer of each
/// filesystem step of its stage (from the step records of this build or the cache). Blobs are
/// read from the store, else from this build's staging store.
/// </summary>
internal sealed record LayerChain(IReadOnlyList<Descriptor> Layers, ContentStore Store, ContentStore Staging)
{
    public static LayerChain Of(BuildStep top, IReadOnlyDictionary<Digest, StepRecord> records, ContentStore store, ContentStore staging) =>
        new([.. Run.SnapshotChain.Of(top, records).Select(l => l.Blob)], store, staging);

    /// <summary>The uncompressed tar of one layer.</summary>
    public Stream OpenTar(Descriptor layer)
    {
        var from = Store.Exists(layer.Digest) ? Store : Staging;
        return LayerStreams.OpenDecompressed(from.OpenRead(layer.Digest), layer.MediaType);
    }
}
