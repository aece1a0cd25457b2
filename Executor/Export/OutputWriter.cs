using System.Text;
using System.Text.Json;
using Builder.Cache.Oci;
using Builder.Cache.Images;
using Builder.Cache.Images.Archive;

namespace Builder.Executor.Export;

/// <summary>
/// After the image is in the store: the <c>--output</c> tars, <c>--iidfile</c> (the image id, as
/// docker writes it) and <c>--metadata-file</c> (buildx's keys: <c>containerimage.digest</c> = the
/// manifest digest, <c>containerimage.config.digest</c>, <c>containerimage.descriptor</c>,
/// <c>image.name</c> when tagged). Each file is written to a temp file and renamed.
/// </summary>
internal static class OutputWriter
{
    public static async Task WriteAsync(ImageStore store, StoredImage image, BuildRequest request, Action<string> log, CancellationToken ct)
    {
        foreach (var output in request.Outputs.Where(o => o.Type is BuildOutputType.Local))
        {
            await RootfsExporter.ExportAsync(store.Content, image.Manifest, output.Destination!, ct).ConfigureAwait(false);
            log($"copying files to {output.Destination} done");
        }

        foreach (var output in request.Outputs.Where(o => o.Type is BuildOutputType.Oci or BuildOutputType.Docker))
        {
            // One tar is both an OCI layout and a docker-archive, so oci and docker write the same file.
            string[] names = image.Tags.IsEmpty ? [image.ManifestDescriptor.Digest.ToString()] : [.. image.Tags.Select(t => t.ToString())];
            await ImageSaver.SaveAsync(store, names, output.Destination!, ct).ConfigureAwait(false);
            log($"sending tarball to {output.Destination} done");
        }

        if (request.IidFile is { } iid)
        {
            WriteAtomically(iid, Encoding.UTF8.GetBytes(image.Id.ToString()));
        }

        if (request.MetadataFile is { } metadata)
        {
            WriteAtomically(metadata, Metadata(image));
        }
    }

    public static byte[] Metadata(StoredImage image)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("containerimage.config.digest", image.Id.ToString());
            json.WritePropertyName("containerimage.descriptor");
            json.WriteRawValue(OciJson.Serialize(image.ManifestDescriptor));
            json.WriteString("containerimage.digest", image.ManifestDescriptor.Digest.ToString());
            if (!image.Tags.IsEmpty)
            {
                json.WriteString("image.name", string.Join(",", image.Tags.Select(t => t.ToString())));
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteAtomically(string path, byte[] content)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temp, content);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
