using System.Collections.Immutable;
using System.Text.Json;
using Builder.Cache.Oci;

namespace Builder.Cache.Images;

/// <summary>
/// The store root's <c>index.json</c> (an OCI image layout index): one manifest descriptor per tag,
/// annotated with <c>org.opencontainers.image.ref.name</c> and <c>io.containerd.image.name</c> (both the
/// full normalised reference), plus one descriptor without a name per dangling image. Immutable:
/// every change returns a new index, written whole with <see cref="AtomicFile"/>.
/// </summary>
internal sealed record StoreIndex(ImmutableArray<Descriptor> Manifests)
{
    /// <summary>When the tag was last set, as <c>docker inspect</c> shows in Metadata.LastTagTime.</summary>
    public const string LastTagTimeKey = "dev.builder.image.last-tag-time";

    public const string FileName = "index.json";

    public static StoreIndex Empty { get; } = new(ImmutableArray<Descriptor>.Empty);

    public static string PathIn(StoreRoot root) => Path.Combine(root.Path, FileName);

    public static StoreIndex Load(StoreRoot root)
    {
        var path = PathIn(root);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return Empty;
        }

        try
        {
            var index = OciJson.Deserialize<ImageIndex>(bytes);
            return new StoreIndex(index.Manifests.IsDefault ? ImmutableArray<Descriptor>.Empty : index.Manifests);
        }
        catch (JsonException e)
        {
            throw new StoreException(
                $"the image index {path} is not a valid OCI index ({e.Message}); restore it from a backup, or move it away to start with an empty image list (blobs are kept).",
                e);
        }
    }

    public void Save(StoreRoot root)
    {
        var sorted = Manifests
            .OrderBy(d => NameOf(d) is null ? 1 : 0)
            .ThenBy(d => NameOf(d)?.ToString(), StringComparer.Ordinal)
            .ThenBy(d => d.Digest)
            .ToImmutableArray();
        AtomicFile.WriteAllBytes(root, PathIn(root), OciJson.Serialize(new ImageIndex(MediaTypes.OciIndex, sorted)));
    }

    /// <summary>
    /// The image name a descriptor carries: <c>io.containerd.image.name</c>, else a
    /// <c>org.opencontainers.image.ref.name</c> that is a whole reference (has a '/' or ':'); a bare
    /// tag such as <c>latest</c> names no repository, so the image counts as unnamed.
    /// </summary>
    public static ImageReference? NameOf(Descriptor descriptor)
    {
        foreach (var key in new[] { AnnotationKeys.ContainerdImageName, AnnotationKeys.RefName })
        {
            var value = descriptor.Annotation(key);
            if (value is null || (key == AnnotationKeys.RefName && !value.Contains('/') && !value.Contains(':')))
            {
                continue;
            }

            if (ImageReference.TryParse(value, out var reference, out _) && reference.Tag is not null && reference.Digest is null)
            {
                return reference;
            }
        }

        return null;
    }

    public ImmutableArray<ImageReference> TagsOf(Digest manifest) =>
        Manifests.Where(d => d.Digest == manifest).Select(NameOf).OfType<ImageReference>().Distinct().ToImmutableArray();

    public Descriptor? Find(ImageReference reference)
    {
        var key = reference.ToString();
        foreach (var d in Manifests)
        {
            if (NameOf(d)?.ToString() == key)
            {
                return d;
            }
        }

        return null;
    }

    /// <summary>
    /// Points <paramref name="reference"/> at <paramref name="manifest"/>. An image that loses its last
    /// tag this way stays as a dangling image (shown as &lt;none&gt;), as Docker keeps it.
    /// </summary>
    public StoreIndex WithTag(ImageReference reference, Descriptor manifest, DateTimeOffset now)
    {
        var previous = Find(reference);
        if (previous is { } same && same.Digest == manifest.Digest)
        {
            // Already so (an all-CACHED rebuild): the index, and its last-tag time, stay as they
            // are, so nothing is written and no fsync waits for the kernel's writeback.
            return this;
        }

        var key = reference.ToString();
        var entry = new Descriptor(manifest.MediaType, manifest.Digest, manifest.Size) { Platform = manifest.Platform }
            .WithAnnotation(AnnotationKeys.RefName, key)
            .WithAnnotation(AnnotationKeys.ContainerdImageName, key)
            .WithAnnotation(LastTagTimeKey, RfcTimeJsonConverter.Format(now));
        var next = WithoutTag(reference);
        next = new StoreIndex(next.Manifests.RemoveAll(d => d.Digest == manifest.Digest && NameOf(d) is null).Add(entry));
        if (previous is { } old && old.Digest != manifest.Digest)
        {
            next = next.WithDangling(old);
        }

        return next;
    }

    /// <summary>Removes the tag; the caller decides what happens to an image left without tags.</summary>
    public StoreIndex WithoutTag(ImageReference reference)
    {
        var key = reference.ToString();
        return new StoreIndex(Manifests.RemoveAll(d => NameOf(d)?.ToString() == key));
    }

    /// <summary>Adds an unnamed entry for the manifest unless some entry already keeps it.</summary>
    public StoreIndex WithDangling(Descriptor manifest)
    {
        if (Manifests.Any(d => d.Digest == manifest.Digest))
        {
            return this;
        }

        return new StoreIndex(Manifests.Add(new Descriptor(manifest.MediaType, manifest.Digest, manifest.Size) { Platform = manifest.Platform }));
    }

    public StoreIndex WithoutManifest(Digest manifest) => new(Manifests.RemoveAll(d => d.Digest == manifest));

    public bool Contains(Digest manifest) => Manifests.Any(d => d.Digest == manifest);
}
