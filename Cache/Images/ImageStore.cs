using System.Collections.Immutable;
using Builder.Cache.Content;
using Builder.Cache.Oci;

namespace Builder.Cache.Images;

/// <summary>
/// Named images in a store root: the tags live in the root's <c>index.json</c> (see
/// <see cref="StoreIndex"/>), the manifests, configs and layers in its content store. Every change
/// holds <c>locks/images.lock</c>, re-reads the index, and writes it whole (temp file + rename), so
/// concurrent processes never lose each other's tags and a failed write leaves the old index.
/// </summary>
public sealed class ImageStore
{
    private const string LockName = "images";

    public ImageStore(StoreRoot root, TimeProvider? time = null, TimeSpan? lockTimeout = null)
    {
        Content = new ContentStore(root);
        Time = time ?? TimeProvider.System;
        LockTimeout = lockTimeout ?? StoreLock.DefaultTimeout;
        if (!File.Exists(StoreIndex.PathIn(Root)))
        {
            // An OCI image layout needs an index.json, even an empty one.
            Update(index => (index, 0));
        }
    }

    public StoreRoot Root => Content.Root;

    public ContentStore Content { get; }

    public TimeProvider Time { get; }

    public TimeSpan LockTimeout { get; }

    /// <summary>The platform whose manifest is chosen when a tag points at an index.</summary>
    public Platform Platform { get; init; } = HostPlatform.Current;

    /// <summary>Every image, once per manifest, with all of its tags.</summary>
    public ImmutableArray<StoredImage> List() => ListIn(ReadIndex());

    /// <summary>Finds an image by reference (<c>busybox</c>, <c>me/app:1</c>, <c>name@sha256:...</c>), id or id prefix.</summary>
    public ImageMatch Resolve(string nameOrId) => ImageResolver.Resolve(this, ReadIndex(), nameOrId);

    /// <summary><c>builder tag SOURCE TARGET</c>: points TARGET at the image SOURCE names.</summary>
    public ImageMatch Tag(string source, string target) => Update(index =>
    {
        var match = ImageResolver.Resolve(this, index, source);
        var reference = ParseTag(target);
        return (index.WithTag(reference, match.Image.Descriptor, Time.GetUtcNow()), match with { Reference = reference });
    });

    /// <summary>
    /// Records a new image: points each tag at <paramref name="manifest"/> (or keeps it as a
    /// dangling image when there is none), after checking, under the lock, that its blobs are all
    /// in the store.
    /// </summary>
    public StoredImage Add(Descriptor manifest, IReadOnlyCollection<ImageReference> tags) => AddAll([(manifest, tags)])[0];

    /// <summary>Records several images in one change of the index: all of them or none.</summary>
    public ImmutableArray<StoredImage> AddAll(IReadOnlyList<(Descriptor Manifest, IReadOnlyCollection<ImageReference> Tags)> images) => Update(index =>
    {
        var now = Time.GetUtcNow();
        foreach (var (manifest, tags) in images)
        {
            var image = Load(manifest, index);
            foreach (var layer in image.Manifest.Layers)
            {
                if (!Content.Exists(layer.Digest))
                {
                    throw new StoreException($"layer {layer.Digest} of image {image.Id.ToShortString()} is not in the store at {Root.Path} (a concurrent builder prune or rmi may have removed it); run the command again.");
                }
            }

            index = tags.Count == 0 ? index.WithDangling(manifest) : tags.Aggregate(index, (i, t) => i.WithTag(t, manifest, now));
        }

        return (index, images.Select(i => Load(i.Manifest, index)).ToImmutableArray());
    });

    internal StoreIndex ReadIndex() => StoreIndex.Load(Root);

    /// <summary>
    /// Runs one change of the index under the store lock; the index is written only if it changed.
    /// <paramref name="afterSave"/> runs once the new index is in place, still under the lock (the
    /// place to delete blobs that nothing names any more).
    /// </summary>
    internal T Update<T>(Func<StoreIndex, (StoreIndex Next, T Result)> change, Action<StoreIndex, StoreIndex>? afterSave = null)
    {
        using var held = StoreLock.Acquire(Root, LockName, LockTimeout);
        var index = ReadIndex();
        var (next, result) = change(index);
        if (!next.Manifests.SequenceEqual(index.Manifests) || !File.Exists(StoreIndex.PathIn(Root)))
        {
            try
            {
                next.Save(Root);
            }
            catch (IOException e)
            {
                throw new StoreException($"could not write {StoreIndex.PathIn(Root)} ({e.Message}); the image list is unchanged. Check the free space and permissions of {Root.Path}.", e);
            }
        }

        afterSave?.Invoke(index, next);
        return result;
    }

    internal ImmutableArray<StoredImage> ListIn(StoreIndex index) =>
        index.Manifests.Select(d => d.Digest).Distinct()
            .Select(digest => Load(index.Manifests.First(d => d.Digest == digest), index))
            .ToImmutableArray();

    internal StoredImage Load(Descriptor descriptor, StoreIndex index)
    {
        var (manifestDescriptor, manifest) = ManifestSelector.Select(Content, descriptor, Platform);
        var config = Content.ReadJson<ImageConfig>(manifest.Config.Digest);
        DateTimeOffset? tagged = index.Manifests
            .Where(d => d.Digest == descriptor.Digest)
            .Select(d => DateTimeOffset.TryParse(d.Annotation(StoreIndex.LastTagTimeKey), out var t) ? t : (DateTimeOffset?)null)
            .Max();
        return new StoredImage(descriptor, manifestDescriptor, manifest, config, index.TagsOf(descriptor.Digest)) { LastTagTime = tagged };
    }

    internal static ImageReference ParseTag(string text)
    {
        if (!ImageReference.TryParse(text, out var reference, out var error))
        {
            throw new StoreException($"{error}; name the image as [registry/]name[:tag].");
        }

        if (reference.Digest is not null)
        {
            throw new StoreException($"refusing to create a tag with a digest reference: \"{text}\"; name the image as [registry/]name[:tag].");
        }

        return reference;
    }
}
