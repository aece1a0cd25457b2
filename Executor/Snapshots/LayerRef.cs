using Builder.Cache.Oci;

namespace Builder.Executor.Snapshots;

/// <summary>One layer of a chain: the blob to read it from and the diff id it must unpack to.</summary>
internal sealed record LayerRef(Descriptor Blob, Digest DiffId);
