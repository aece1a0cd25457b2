using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Headers;
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
        var scopes = mountSources.Values.Distinct().Select(r => $"repository:{r}:pull").Prepend($"repository:{target.Repository}:pull,push").ToList();
        using var client = new RegistryClient(target.Registry, scopes, options);
        var uploader = new BlobUploader(client, target.Repository, store.Content, options.ChunkSize);

        var (top, manifests) = WhatToPush(store, stored);
        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<Digest, BlobPushOutcome>();
        var blobs = manifests
            .Select(m => Images.ManifestSelector.ReadManifest(store.Content, m))
            .SelectMany(m => m.Layers.Prepend(m.Config))
            .DistinctBy(b => b.Digest)
            .ToList();
        await Parallel.ForEachAsync(blobs, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken }, async (blob, ct) =>
        {
            outcomes[blob.Digest] = await uploader.PushAsync(blob, mountSources.GetValueOrDefault(blob.Digest), ct).ConfigureAwait(false);
        }).ConfigureAwait(false);

        foreach (var manifest in manifests.Where(m => m.Digest != top.Digest))
        {
            await PutManifestAsync(client, store, target, manifest, manifest.Digest.ToString(), cancellationToken).ConfigureAwait(false);
        }

        await PutManifestAsync(client, store, target, top, target.Tag ?? top.Digest.ToString(), cancellationToken).ConfigureAwait(false);
        return new PushedImage(target, top, outcomes.ToImmutableDictionary());
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

    /// <summary>For each blob of an image stored under another repository of the target's registry, that repository: a mount source.</summary>
    private static Dictionary<Digest, string> MountSources(ImageStore store, ImageReference target)
    {
        var sources = new Dictionary<Digest, string>();
        foreach (var image in store.List())
        {
            var repository = image.Tags.FirstOrDefault(t => t.Registry == target.Registry && t.Repository != target.Repository)?.Repository;
            if (repository is null)
            {
                continue;
            }

            foreach (var blob in image.Manifest.Layers.Prepend(image.Manifest.Config))
            {
                sources.TryAdd(blob.Digest, repository);
            }
        }

        return sources;
    }

    private static async Task PutManifestAsync(RegistryClient client, ImageStore store, ImageReference target, Descriptor manifest, string reference, CancellationToken cancellationToken)
    {
        var bytes = store.Content.ReadAllBytes(manifest.Digest);
        using var response = await client.SendAsync(() =>
        {
            var body = new ByteArrayContent(bytes);
            body.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
            return new HttpRequestMessage(HttpMethod.Put, client.Resolve(RegistryPaths.Manifest(target.Repository, reference))) { Content = body };
        }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await client.ErrorAsync(response, $"pushing the manifest {manifest.Digest} of {target.ToFamiliarString()}", cancellationToken).ConfigureAwait(false);
        }
    }
}
