using Builder.Cache.Oci;

namespace Builder.Executor.Snapshots;

/// <summary>One layer of a chain: the blob to read it from and the diff id it must unpack to.</summary>
internal sealed record LayerRef(Descriptor Blob, Digest DiffId)
{
    /// <summary>An image's layers paired with its config's diff ids, bottom first (the caller checks the counts agree).</summary>
    public static IEnumerable<LayerRef> Chain(IReadOnlyList<Descriptor> layers, IReadOnlyList<Digest> diffIds) =>
        layers.Select((layer, i) => new LayerRef(layer, diffIds[i]));
}
