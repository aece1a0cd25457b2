using System.Collections.Immutable;
using Builder.Cache.Oci;

namespace Builder.Cache.Images.Archive;

/// <summary>
/// <c>builder save -o FILE IMAGE...</c>: one tar that is both an OCI image layout (<c>oci-layout</c>,
/// <c>index.json</c> with <c>org.opencontainers.image.ref.name</c> = the tag and
/// <c>io.containerd.image.name</c> = the full name, <c>blobs/sha256/</c>) and a docker-archive
/// (<c>manifest.json</c> pointing at the same blobs), so skopeo, umoci, podman, containerd and
/// <c>docker load</c> all read it. Deterministic: sorted entries, fixed headers, no times; written to a
/// temp file and renamed, so FILE is never left half-written.
/// </summary>
public static class ImageSaver
{
    public static async Task SaveAsync(ImageStore store, IReadOnlyList<string> names, string output, CancellationToken cancellationToken = default)
    {
        if (names.Count == 0)
        {
            throw new StoreException("name at least one image to save.");
        }

        var matches = names.Select(store.Resolve).ToList();
        var index = BuildIndex(matches);
        var dockerManifest = BuildDockerManifest(matches);
        var blobs = matches
            .SelectMany(m => m.Image.Manifest.Layers.Prepend(m.Image.Manifest.Config).Prepend(m.Image.ManifestDescriptor))
            .GroupBy(d => d.Digest)
            .Select(g => g.First())
            .OrderBy(d => d.Digest.Hex, StringComparer.Ordinal)
            .ToList();

        var fullPath = Path.GetFullPath(output);
        var directory = Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(directory))
        {
            throw new StoreException($"cannot write {output}: the folder {directory} does not exist.");
        }

        var temp = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var tar = new ArchiveTarWriter(file);
                tar.AddDirectory("blobs/");
                tar.AddDirectory("blobs/sha256/");
                foreach (var blob in blobs)
                {
                    await using var content = store.Content.OpenRead(blob.Digest);
                    await tar.AddFileAsync(BlobPath(blob.Digest), blob.Size, content, cancellationToken).ConfigureAwait(false);
                }

                tar.AddFile("index.json", OciJson.Serialize(index));
                tar.AddFile("manifest.json", OciJson.Serialize(dockerManifest));
                tar.AddFile("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"u8);
                tar.Finish();
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        catch (IOException e)
        {
            throw new StoreException($"cannot write {output}: {e.Message}", e);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    internal static string BlobPath(Digest digest) => $"blobs/sha256/{digest.Hex}";

    private static ImageIndex BuildIndex(IReadOnlyList<ImageMatch> matches)
    {
        var entries = new List<Descriptor>();
        foreach (var match in matches)
        {
            var m = match.Image.ManifestDescriptor;
            var entry = new Descriptor(m.MediaType, m.Digest, m.Size);
            if (match.Reference is { } reference)
            {
                entry = entry
                    .WithAnnotation(AnnotationKeys.ContainerdImageName, reference.ToString())
                    .WithAnnotation(AnnotationKeys.RefName, reference.Tag!);
            }

            if (!entries.Any(e => e.Digest == entry.Digest && e.Annotation(AnnotationKeys.ContainerdImageName) == entry.Annotation(AnnotationKeys.ContainerdImageName)))
            {
                entries.Add(entry);
            }
        }

        // An image named both by tag and by id needs no unnamed entry.
        entries.RemoveAll(e => e.Annotations is null && entries.Any(o => o.Digest == e.Digest && o.Annotations is not null));
        return new ImageIndex(MediaTypes.OciIndex, entries.ToImmutableArray());
    }

    private static ImmutableArray<DockerArchiveManifest> BuildDockerManifest(IReadOnlyList<ImageMatch> matches) =>
        matches
            .GroupBy(m => m.Image.ManifestDescriptor.Digest)
            .Select(g =>
            {
                var image = g.First().Image;
                var tags = g.Select(m => m.Reference?.ToFamiliarString()).OfType<string>().Distinct().ToImmutableArray();
                return new DockerArchiveManifest(
                    BlobPath(image.Manifest.Config.Digest),
                    tags.IsEmpty ? null : tags,
                    image.Manifest.Layers.Select(l => BlobPath(l.Digest)).ToImmutableArray());
            })
            .ToImmutableArray();
}
