using Builder.Cache.Oci;

namespace Builder.Cache.Layers;

/// <summary>How <see cref="LayerApplier"/> unpacks one layer.</summary>
public sealed record ApplyOptions
{
    public static ApplyOptions Default { get; } = new();

    /// <summary>Whether the target is created by this apply (the default) or already holds the lower layers.</summary>
    public ApplyTarget Target { get; init; } = ApplyTarget.Fresh;

    /// <summary>What an OCI whiteout (<c>.wh.name</c>, <c>.wh..wh..opq</c>) becomes.</summary>
    public WhiteoutMode WhiteoutMode { get; init; } = WhiteoutMode.Delete;

    /// <summary>
    /// The blob's descriptor when known: its digest and size are checked against what was read,
    /// and its digest names the layer in error messages.
    /// </summary>
    public Descriptor? Expected { get; init; }

    /// <summary>The layer's diff id (sha256 of the uncompressed tar) when known; checked against what was read.</summary>
    public Digest? ExpectedDiffId { get; init; }
}

public enum ApplyTarget
{
    /// <summary>
    /// The target must not exist. The layer is unpacked into a private temp directory next to it
    /// and renamed into place only when every entry applied and every digest matched, so a failed
    /// or cancelled apply leaves nothing behind.
    /// </summary>
    Fresh,

    /// <summary>
    /// The target is an existing directory (the lower layers, as the copy-based snapshotter makes
    /// them) and the layer is applied in place. Whiteouts delete from it. A failed or cancelled
    /// apply leaves it partly changed: the caller must discard it (the exception says so), and it
    /// never holds anything outside the target. Digests are only known at the end, so verify the
    /// blob first (the content store does) when in place matters.
    /// </summary>
    Existing,
}

public enum WhiteoutMode
{
    /// <summary>Whiteouts remove what they name from the lower content (plain directory snapshots).</summary>
    Delete,

    /// <summary>
    /// Whiteouts become overlayfs whiteouts instead: a 0/0 character device for <c>.wh.name</c>
    /// and <c>trusted.overlay.opaque=y</c> on the directory for <c>.wh..wh..opq</c>, so the result
    /// can be an overlay lower directory. Needs root (mknod and the trusted xattr namespace).
    /// </summary>
    Overlay,
}
