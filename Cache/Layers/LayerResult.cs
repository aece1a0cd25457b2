using Builder.Cache.Oci;

namespace Builder.Cache.Layers;

/// <summary>
/// A layer written to the content store: the blob's descriptor (media type by compression, digest
/// and size of the stored bytes), its diff id (sha256 of the uncompressed tar, for the image
/// config's <c>rootfs.diff_ids</c>) and the uncompressed size.
/// </summary>
public sealed record LayerResult(Descriptor Blob, Digest DiffId, long UncompressedSize);
