using System.Collections.Immutable;
using Builder.Cache.Images;
using Builder.Cache.Oci;

namespace Builder.Cache.Registry;

/// <summary>What a push sent: the reference, the top descriptor (manifest or index) and what happened to each blob.</summary>
public sealed record PushedImage(ImageReference Reference, Descriptor Descriptor, ImmutableDictionary<Digest, BlobPushOutcome> Blobs)
{
    public int Count(BlobPushOutcome outcome) => Blobs.Values.Count(o => o == outcome);
}

/// <summary>
/// <c>builder push REF</c>: the stored image's blobs (skipped when the registry has them, mounted
/// from another repository of the same registry that a stored tag says holds them, else uploaded),
/// then its manifest; a stored index goes up with its manifests when the store holds them all,
/// else only this platform's manifest is pushed under the tag.
/// </summary>
public static class ImagePusher
{
    public static async Task<PushedImage> PushAsync(ImageStore store, string image, RegistryOptions options, CancellationToken cancellationToken = default)
    {
        var match = store.Resolve(image);
        var target = match.Reference
            ?? throw new StoreException($"\"{image}\" names a stored image by id or digest, not by the name to push to; tag it first: builder tag {image} REGISTRY/NAME:TAG, then builder push REGISTRY/NAME:TAG.");
        var stored = match.Image;
        var mountSources = MountSources(store, target);
        using var repository = RegistryRepository.ForPush(target, options, mountSources.Values);

        var (top, manifests) = WhatToPush(store, stored);
        var blobs = manifests
            .Select(m => Images.ManifestSelector.ReadManifest(store.Content, m))
            .SelectMany(m => m.Layers.Prepend(m.Config))
            .Select(b => new BlobToPush(b, store.Content, mountSources.GetValueOrDefault(b.Digest)));
        var outcomes = await repository.PushBlobsAsync(blobs, cancellationToken).ConfigureAwait(false);

        foreach (var manifest in manifests.Where(m => m.Digest != top.Digest))
        {
            await repository.PushManifestAsync(store.Content.ReadAllBytes(manifest.Digest), manifest, manifest.Digest.ToString(), cancellationToken).ConfigureAwait(false);
        }

        await repository.PushManifestAsync(store.Content.ReadAllBytes(top.Digest), top, target.Tag ?? top.Digest.ToString(), cancellationToken).ConfigureAwait(false);
        return new PushedImage(target, top, outcomes);
    }

    /// <summary>The top descriptor and the image manifests under it.</summary>
    private static (Descriptor Top, List<Descriptor> Manifests) WhatToPush(ImageStore store, StoredImage image)
    {
        if (!MediaTypes.IsIndex(image.Descriptor.MediaType))
        {
            return (image.Descriptor, [image.Descriptor]);
        }

        var index = store.Content.ReadJson<ImageIndex>(image.Descriptor.Digest);
        var children = index.Manifests.IsDefault ? [] : index.Manifests;
        bool complete = children.All(c => MediaTypes.IsManifest(c.MediaType) && store.Content.Exists(c.Digest)
            && Images.ManifestSelector.ReadManifest(store.Content, c) is var m && m.Layers.Prepend(m.Config).All(b => store.Content.Exists(b.Digest)));
        return complete
            ? (image.Descriptor, children.Select(c => new Descriptor(c.MediaType, c.Digest, c.Size)).ToList())
            : (image.ManifestDescriptor, [image.ManifestDescriptor]);
    }

    /// <summary>
    /// For each blob of an image stored under another repository of the target's registry, that
    /// repository: a mount source. Only images tagged there are read (the tags come from the
    /// index alone), so a push from a big store does not read every image first.
    /// </summary>
    private static Dictionary<Digest, string> MountSources(ImageStore store, ImageReference target)
    {
        var sources = new Dictionary<Digest, string>();
        var index = store.ReadIndex();
        foreach (var descriptor in index.Manifests.DistinctBy(d => d.Digest))
        {
            var repository = index.TagsOf(descriptor.Digest).FirstOrDefault(t => t.Registry == target.Registry && t.Repository != target.Repository)?.Repository;
            if (repository is null)
            {
                continue;
            }

            var (_, manifest) = ManifestSelector.Select(store.Content, descriptor, store.Platform);
            foreach (var blob in manifest.Layers.Prepend(manifest.Config))
            {
                sources.TryAdd(blob.Digest, repository);
            }
        }

        return sources;
    }
}
