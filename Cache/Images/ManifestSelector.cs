using Builder.Cache.Content;
using Builder.Cache.Oci;

namespace Builder.Cache.Images;

/// <summary>
/// Follows a descriptor to the image manifest for one platform: a manifest is itself; an index
/// (or Docker manifest list, nested to any depth) gives the entry for the platform, skipping
/// attestation manifests and entries whose blobs are absent.
/// </summary>
internal static class ManifestSelector
{
    private const int MaxDepth = 8;

    public static (Descriptor Descriptor, Manifest Manifest) Select(ContentStore content, Descriptor descriptor, Platform platform) =>
        Select(content, descriptor, platform, 0);

    private static (Descriptor, Manifest) Select(ContentStore content, Descriptor descriptor, Platform platform, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new StoreException($"index {descriptor.Digest} nests more than {MaxDepth} levels of indexes; it cannot be an image.");
        }

        if (MediaTypes.IsManifest(descriptor.MediaType))
        {
            return (descriptor, ReadManifest(content, descriptor));
        }

        if (!MediaTypes.IsIndex(descriptor.MediaType))
        {
            throw new StoreException($"{descriptor.Digest} has media type {descriptor.MediaType}, which is neither an image manifest nor an index.");
        }

        var index = content.ReadJson<ImageIndex>(descriptor.Digest);
        var entries = index.Manifests.IsDefault ? [] : index.Manifests;
        var chosen = Choose(entries.Where(m => content.Exists(m.Digest)), platform);
        if (chosen is null)
        {
            var available = string.Join(", ", entries.Select(m => m.Platform?.ToString() ?? "unspecified"));
            throw new StoreException($"index {descriptor.Digest} has no image for {platform} (it lists: {(available.Length == 0 ? "nothing" : available)}).");
        }

        return Select(content, chosen, platform, depth + 1);
    }

    /// <summary>
    /// The entry of an index for <paramref name="platform"/>: attestation manifests and unknown
    /// platforms skipped; a single entry without a platform is taken. The registry client chooses the same way.
    /// </summary>
    internal static Descriptor? Choose(IEnumerable<Descriptor> entries, Platform platform)
    {
        var candidates = entries
            .Where(m => m.Annotation("vnd.docker.reference.type") is null)
            .Where(m => m.Platform is not { Os: "unknown" } && m.Platform is not { Architecture: "unknown" })
            .ToList();
        return candidates.FirstOrDefault(m => m.Platform is { } p && HostPlatform.Matches(p, platform))
            ?? (candidates.Count == 1 && candidates[0].Platform is null ? candidates[0] : null);
    }

    public static Manifest ReadManifest(ContentStore content, Descriptor descriptor)
    {
        var manifest = content.ReadJson<Manifest>(descriptor.Digest);
        if (manifest.Config is null || manifest.Layers.IsDefault)
        {
            throw new StoreException($"manifest {descriptor.Digest} has no config or no layers list; it is not an image manifest.");
        }

        return manifest.MediaType is null ? manifest with { MediaType = descriptor.MediaType } : manifest;
    }
}
