using System.Collections.Immutable;
using Builder.Cache.Oci;

namespace Builder.Cache.Images.Views;

/// <summary>One line of <c>builder images</c>: a tag, or &lt;none&gt; for a dangling image.</summary>
public sealed record ImageRow(string Repository, string Tag, Digest Id, Digest Digest, DateTimeOffset? Created, long Size);

/// <summary>One line of <c>builder history</c>; <see cref="Image"/> is set on the newest line only, as Docker shows it.</summary>
public sealed record HistoryRow(Digest? Image, DateTimeOffset? Created, string CreatedBy, long Size, string Comment, bool EmptyLayer);

public sealed record InspectResult(ImmutableArray<ImageInspection> Images, ImmutableArray<string> Errors);

/// <summary>The read-only views behind <c>images</c>, <c>image inspect</c> and <c>history</c>.</summary>
public static class ImageQueries
{
    public const string None = "<none>";
    private const string ZeroTime = "0001-01-01T00:00:00Z";

    /// <summary>Every tag (and dangling image), newest first, then by name.</summary>
    public static ImmutableArray<ImageRow> List(ImageStore store) =>
        store.List()
            .SelectMany(image => image.Tags.IsEmpty
                ? [new ImageRow(None, None, image.Id, image.Descriptor.Digest, image.Config.Created, image.Size)]
                : image.Tags.Select(t => new ImageRow(Repository(t), t.Tag!, image.Id, image.Descriptor.Digest, image.Config.Created, image.Size)))
            .OrderByDescending(r => r.Created ?? DateTimeOffset.MinValue)
            .ThenBy(r => r.Repository, StringComparer.Ordinal)
            .ThenBy(r => r.Tag, StringComparer.Ordinal)
            .ThenBy(r => r.Id)
            .ToImmutableArray();

    public static InspectResult Inspect(ImageStore store, IEnumerable<string> names)
    {
        var images = ImmutableArray.CreateBuilder<ImageInspection>();
        var errors = ImmutableArray.CreateBuilder<string>();
        foreach (var name in names)
        {
            try
            {
                images.Add(Inspect(store.Resolve(name).Image));
            }
            catch (StoreException e)
            {
                errors.Add(e.Message);
            }
        }

        return new InspectResult(images.ToImmutable(), errors.ToImmutable());
    }

    public static ImageInspection Inspect(StoredImage image)
    {
        var c = image.Config.Config;
        var config = new InspectedConfig
        {
            User = c.User ?? string.Empty,
            ExposedPorts = c.ExposedPorts,
            Env = c.Env,
            Cmd = c.Cmd,
            Healthcheck = c.Healthcheck is { } h ? new(h.Test, h.Interval, h.Timeout, h.StartPeriod, h.StartInterval, h.Retries) : null,
            ArgsEscaped = c.ArgsEscaped,
            Volumes = c.Volumes,
            WorkingDir = c.WorkingDir ?? string.Empty,
            Entrypoint = c.Entrypoint,
            OnBuild = c.OnBuild,
            Labels = c.Labels,
            StopSignal = c.StopSignal,
            Shell = c.Shell,
        };
        var history = image.Config.History.IsDefault ? [] : image.Config.History;
        return new ImageInspection(
            image.Id.ToString(),
            image.Tags.Select(t => t.ToFamiliarString()).ToImmutableArray(),
            image.Tags.Select(Repository).Distinct().Select(r => $"{r}@{image.Descriptor.Digest}").ToImmutableArray(),
            Parent: string.Empty,
            Comment: history.LastOrDefault()?.Comment ?? string.Empty,
            Created: image.Config.Created is { } created ? RfcTimeJsonConverter.Format(created) : ZeroTime,
            DockerVersion: string.Empty,
            Author: image.Config.Author ?? string.Empty,
            config,
            image.Config.Architecture,
            image.Config.Variant,
            image.Config.Os,
            image.Size,
            new InspectedRootFs(image.Config.RootFs.Type, image.Config.RootFs.DiffIds.IsDefault ? [] : image.Config.RootFs.DiffIds),
            new InspectedMetadata(image.LastTagTime is { } t ? RfcTimeJsonConverter.Format(t) : ZeroTime));
    }

    /// <summary>The history of an image, newest first, each layer-creating step with its layer's size.</summary>
    public static ImmutableArray<HistoryRow> History(ImageStore store, string name)
    {
        var image = store.Resolve(name).Image;
        var layers = image.Manifest.Layers;
        var rows = new List<HistoryRow>();
        var history = image.Config.History.IsDefault ? [] : image.Config.History;
        int layer = 0;
        foreach (var entry in history)
        {
            bool empty = entry.EmptyLayer == true;
            long size = !empty && layer < layers.Length ? layers[layer++].Size : 0;
            rows.Add(new HistoryRow(null, entry.Created, entry.CreatedBy ?? string.Empty, size, entry.Comment ?? string.Empty, empty));
        }

        // An image without history (some tools write none) still shows one line per layer.
        for (; layer < layers.Length; layer++)
        {
            rows.Add(new HistoryRow(null, null, string.Empty, layers[layer].Size, string.Empty, false));
        }

        rows.Reverse();
        if (rows.Count > 0)
        {
            rows[0] = rows[0] with { Image = image.Id };
        }

        return rows.ToImmutableArray();
    }

    private static string Repository(ImageReference reference) => (reference with { Tag = null, Digest = null }).ToFamiliarString();
}
