using System.Collections.Immutable;
using System.Text.Json;
using Builder.Cache.Oci;

namespace Builder.Cache.Images.Archive;

/// <summary>An image <c>builder load</c> added: the name it got, or none (then only its id).</summary>
public sealed record LoadedImage(ImageReference? Reference, Digest Id);

/// <summary>
/// <c>builder load -i FILE</c>: reads an OCI image layout tarball (<c>index.json</c>; names from
/// <c>io.containerd.image.name</c> or a full <c>org.opencontainers.image.ref.name</c>; nested indexes
/// resolved to this platform) or a docker-archive (<c>manifest.json</c> with RepoTags), plain or
/// gzip-compressed. Blobs stream into the store; the tags are added in one change of the index
/// only once every image checked out. Blobs it added that no image uses (and, on failure, all it
/// added) are removed again.
/// </summary>
public static class ImageLoader
{
    public static async Task<ImmutableArray<LoadedImage>> LoadAsync(ImageStore store, string path, CancellationToken cancellationToken = default)
    {
        var contents = await ArchiveContents.ReadAsync(store.Content, path, cancellationToken).ConfigureAwait(false);
        try
        {
            var images = contents.Metadata("index.json") is { } index
                ? FromOciLayout(store, contents, index)
                : contents.Metadata("manifest.json") is { } manifest
                    ? FromDockerArchive(store, contents, manifest)
                    : throw new StoreException($"{path} is neither an OCI image layout (no index.json) nor a docker-archive (no manifest.json); make it with builder save, docker save or skopeo copy.");
            var stored = store.AddAll(images.Select(i => (i.Manifest, (IReadOnlyCollection<ImageReference>)i.Tags)).ToList());
            return stored
                .Zip(images)
                .SelectMany(p => p.Second.Tags.Count == 0
                    ? [new LoadedImage(null, p.First.Id)]
                    : p.Second.Tags.Select(t => new LoadedImage(t, p.First.Id)))
                .ToImmutableArray();
        }
        finally
        {
            // Files no loaded image uses (a docker-archive's VERSION and json files, other
            // platforms' blobs) and, after a failure, everything this load added.
            RemoveUnused(store, contents.Created);
        }
    }

    /// <summary>Deletes those of <paramref name="created"/> that no image of the store reaches (a failed load or pull's leftovers).</summary>
    internal static void RemoveUnused(ImageStore store, IReadOnlyCollection<Digest> created)
    {
        if (created.Count == 0)
        {
            return;
        }

        HashSet<Digest> live;
        try
        {
            live = BlobGraph.Reachable(store.Content, store.ReadIndex().Manifests);
        }
        catch (StoreException)
        {
            return; // Without a readable index nothing can be judged unused; prune can do it later.
        }

        foreach (var digest in created.Where(d => !live.Contains(d)))
        {
            store.Content.Delete(digest);
        }
    }

    private static List<(Descriptor Manifest, List<ImageReference> Tags)> FromOciLayout(ImageStore store, ArchiveContents contents, byte[] json)
    {
        var index = Parse<ImageIndex>(contents, "index.json", json);
        var images = new List<(Descriptor Manifest, List<ImageReference> Tags)>();
        foreach (var entry in index.Manifests.IsDefault ? [] : index.Manifests)
        {
            if (!store.Content.Exists(entry.Digest))
            {
                throw new StoreException($"image archive {contents.Path}: index.json names {entry.Digest}, but the archive has no such blob; the archive is incomplete.");
            }

            var (descriptor, manifest) = ManifestSelector.Select(store.Content, entry, store.Platform);
            Check(store, contents, manifest);
            var plain = new Descriptor(descriptor.MediaType, descriptor.Digest, descriptor.Size);
            var tags = StoreIndex.NameOf(entry) is { } name ? new List<ImageReference> { name } : [];
            var existing = images.FindIndex(i => i.Manifest.Digest == plain.Digest);
            if (existing >= 0)
            {
                images[existing].Tags.AddRange(tags.Except(images[existing].Tags));
            }
            else
            {
                images.Add((plain, tags));
            }
        }

        return images;
    }

    private static List<(Descriptor Manifest, List<ImageReference> Tags)> FromDockerArchive(ImageStore store, ArchiveContents contents, byte[] json)
    {
        var entries = Parse<ImmutableArray<DockerArchiveManifest>>(contents, "manifest.json", json);
        var images = new List<(Descriptor Manifest, List<ImageReference> Tags)>();
        foreach (var entry in entries.IsDefault ? [] : entries)
        {
            var configFile = contents.File(entry.Config, "an image config");
            var configDescriptor = new Descriptor(MediaTypes.OciConfig, configFile.Digest, configFile.Size);
            var config = ReadConfig(store, contents, configDescriptor);
            var layers = ImmutableArray.CreateBuilder<Descriptor>();
            var paths = entry.Layers.IsDefault ? [] : entry.Layers;
            for (int i = 0; i < paths.Length; i++)
            {
                var file = contents.File(paths[i], "a layer");
                var compression = SniffCompression(store, file.Digest);
                if (compression == LayerCompression.None && i < config.RootFs.DiffIds.Length && config.RootFs.DiffIds[i] != file.Digest)
                {
                    throw new StoreException($"image archive {contents.Path}: layer {paths[i]} hashes to {file.Digest}, but the config's diff id {i} is {config.RootFs.DiffIds[i]}; the archive is corrupted.");
                }

                layers.Add(new Descriptor(MediaTypes.OciLayerFor(compression), file.Digest, file.Size));
            }

            var manifest = new Manifest(MediaTypes.OciManifest, configDescriptor, layers.ToImmutable());
            Check(store, contents, manifest);
            bool existed = store.Content.Exists(Digest.Compute(OciJson.Serialize(manifest)));
            var manifestDescriptor = store.Content.WriteJson(manifest, MediaTypes.OciManifest);
            if (!existed)
            {
                contents.Created.Add(manifestDescriptor.Digest);
            }

            var tags = new List<ImageReference>();
            foreach (var tag in entry.RepoTags ?? [])
            {
                tags.Add(ImageReference.TryParse(tag, out var reference, out var error) && reference.Tag is not null && reference.Digest is null
                    ? reference
                    : throw new StoreException($"image archive {contents.Path}: RepoTags entry \"{tag}\" is not a name:tag reference ({error ?? "it has a digest"})."));
            }

            images.Add((manifestDescriptor, tags));
        }

        return images;
    }

    /// <summary>The config must parse and list one diff id per layer, and every layer must be in the store.</summary>
    private static void Check(ImageStore store, ArchiveContents contents, Manifest manifest)
    {
        var config = ReadConfig(store, contents, manifest.Config);
        if (config.RootFs.DiffIds.IsDefault || config.RootFs.DiffIds.Length != manifest.Layers.Length)
        {
            throw new StoreException($"image archive {contents.Path}: config {manifest.Config.Digest} lists {(config.RootFs.DiffIds.IsDefault ? 0 : config.RootFs.DiffIds.Length)} diff ids for {manifest.Layers.Length} layers; the image is malformed.");
        }

        foreach (var layer in manifest.Layers)
        {
            if (!store.Content.Exists(layer.Digest))
            {
                throw new StoreException($"image archive {contents.Path} lacks layer {layer.Digest}; the archive is incomplete.");
            }
        }
    }

    private static ImageConfig ReadConfig(ImageStore store, ArchiveContents contents, Descriptor config)
    {
        if (!store.Content.Exists(config.Digest))
        {
            throw new StoreException($"image archive {contents.Path} lacks config {config.Digest}; the archive is incomplete.");
        }

        return store.Content.ReadJson<ImageConfig>(config.Digest);
    }

    private static LayerCompression SniffCompression(ImageStore store, Digest layer)
    {
        using var stream = store.Content.OpenRead(layer);
        Span<byte> head = stackalloc byte[4];
        int n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return TarInput.Detect(head.Slice(0, n));
    }

    private static T Parse<T>(ArchiveContents contents, string name, byte[] json)
    {
        try
        {
            return OciJson.Deserialize<T>(json);
        }
        catch (JsonException e)
        {
            throw new StoreException($"{name} in image archive {contents.Path} is not valid ({e.Message}).", e);
        }
    }
}
