using Builder.Cache.Images;
using Builder.Cache.Oci;

namespace Builder.Cache.Registry;

/// <summary>What a pull stored: the reference, the descriptor it names (manifest or index), the image and how many blobs came over the network.</summary>
public sealed record PulledImage(ImageReference Reference, Descriptor Descriptor, StoredImage Image, int BlobsFetched);

/// <summary>
/// <c>builder pull REF</c>: the manifest (or index, then this platform's manifest, as the store
/// would choose it), the config and the layers go into the content store, each verified against
/// its digest, and the reference is tagged (a pull by digest alone adds an untagged image).
/// </summary>
public static class ImagePuller
{
    private const int MaxDepth = 8;

    public static Task<PulledImage> PullAsync(ImageStore store, ImageReference reference, RegistryOptions options, CancellationToken cancellationToken = default) =>
        PullAsync(store, reference, store.Platform, options, cancellationToken);

    /// <summary>Pulls for <paramref name="platform"/> when the reference names an index (a build's <c>--platform</c>).</summary>
    public static async Task<PulledImage> PullAsync(ImageStore store, ImageReference reference, Platform platform, RegistryOptions options, CancellationToken cancellationToken = default)
    {
        using var client = new RegistryClient(reference.Registry, [$"repository:{reference.Repository}:pull"], options);
        var fetcher = new ManifestFetcher(client, reference.Repository, store.Content);
        try
        {
            return await PullAsync(store, reference, platform, options, fetcher, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A failed pull leaves the store as it was: what it fetched goes again, unless an image uses it.
            Images.Archive.ImageLoader.RemoveUnused(store, fetcher.Created.ToList());
            throw;
        }
    }

    private static async Task<PulledImage> PullAsync(ImageStore store, ImageReference reference, Platform platform, RegistryOptions options, ManifestFetcher fetcher, CancellationToken cancellationToken)
    {
        var display = reference.ToFamiliarString();
        var top = await fetcher.FetchManifestAsync(reference.Digest?.ToString() ?? reference.Tag!, reference.Digest, display, cancellationToken).ConfigureAwait(false);
        var manifestDescriptor = top;
        for (int depth = 0; MediaTypes.IsIndex(manifestDescriptor.MediaType); depth++)
        {
            if (depth == MaxDepth)
            {
                throw new StoreException($"{display} nests more than {MaxDepth} indexes; it cannot be an image.");
            }

            var chosen = Choose(store.Content.ReadJson<ImageIndex>(manifestDescriptor.Digest), platform, display);
            manifestDescriptor = await fetcher.FetchManifestAsync(chosen.Digest.ToString(), chosen.Digest, display, cancellationToken).ConfigureAwait(false);
        }

        var manifest = ManifestSelector.ReadManifest(store.Content, manifestDescriptor);
        var blobs = manifest.Layers.Prepend(manifest.Config).ToList();
        int fetched = 0;
        await Parallel.ForEachAsync(blobs, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken }, async (blob, ct) =>
        {
            if (await fetcher.FetchBlobAsync(blob, ct).ConfigureAwait(false))
            {
                Interlocked.Increment(ref fetched);
            }
        }).ConfigureAwait(false);

        var tags = reference.Tag is not null ? new[] { reference with { Digest = null } } : [];
        // The store reads a tagged index for its own platform; an image pulled for another one
        // (FROM --platform) is tagged by its manifest, or the store could not find it.
        var tagged = HostPlatform.Matches(platform, store.Platform) ? top : manifestDescriptor;
        var image = store.Add(tagged, tags);
        return new PulledImage(reference, tagged, image, fetched);
    }

    private static Descriptor Choose(ImageIndex index, Platform platform, string display)
    {
        var entries = index.Manifests.IsDefault ? [] : index.Manifests;
        return ManifestSelector.Choose(entries, platform)
            ?? throw new StoreException($"{display} has no image for {platform} (it lists: {string.Join(", ", entries.Select(m => m.Platform?.ToString() ?? "unspecified"))}).");
    }
}
