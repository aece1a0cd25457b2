using Builder.Cache.Content;
using Builder.Cache.Layers;
using Builder.Cache.Oci;

namespace Builder.Executor.Export;

/// <summary>
/// <c>--output type=local,dest=DIR</c>: the image's layers applied in order (whiteouts delete),
/// so DIR holds the final root file system as BuildKit's local exporter writes it. A new DIR is
/// built next to its final name and renamed into place, so a failure leaves no half-written
/// folder; an existing DIR is written into, as docker does.
/// </summary>
internal static class RootfsExporter
{
    public static async Task ExportAsync(ContentStore content, Manifest manifest, string destination, CancellationToken ct)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination));
        bool fresh = !Directory.Exists(full);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var target = fresh ? Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp") : full;
        try
        {
            Directory.CreateDirectory(target);
            foreach (var layer in manifest.Layers)
            {
                await using var blob = content.OpenRead(layer.Digest);
                await LayerApplier.ApplyAsync(blob, MediaTypes.CompressionOf(layer.MediaType), target, new ApplyOptions { Target = ApplyTarget.Existing, Expected = layer }, ct).ConfigureAwait(false);
            }

            if (fresh)
            {
                Directory.Move(target, full);
            }
        }
        finally
        {
            if (fresh && Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
        }
    }
}
