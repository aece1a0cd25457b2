using System.Collections.Immutable;
using Builder.Cache.Oci;

namespace Builder.Cache.Images;

/// <summary>
/// An image in the store: the descriptor its tags point to, the manifest for this platform (the
/// same descriptor unless the entry is an index), the config and every tag naming it.
/// </summary>
public sealed record StoredImage(
    Descriptor Descriptor,
    Descriptor ManifestDescriptor,
    Manifest Manifest,
    ImageConfig Config,
    ImmutableArray<ImageReference> Tags)
{
    /// <summary>The image id, as Docker shows it: the config digest.</summary>
    public Digest Id => Manifest.Config.Digest;

    /// <summary>The size of the image's layer blobs in the store (compressed, as stored).</summary>
    public long Size => Manifest.Layers.Sum(l => l.Size);

    /// <summary>When a tag was last pointed at this image; null when the store never tagged it.</summary>
    public DateTimeOffset? LastTagTime { get; init; }
}

/// <summary>An image found by name or id; <see cref="Reference"/> is the tag it was found by, if any.</summary>
public sealed record ImageMatch(StoredImage Image, ImageReference? Reference);
