using System.Collections.Immutable;
using Builder.Cache.Images.Archive;
using Builder.Cache.Oci;

namespace Builder.Cache.Images.Import;

/// <summary>What to import: a root file system (tar, tar.gz or directory) and the name to give it.</summary>
public sealed record ImportOptions(string Source, string Reference)
{
    /// <summary>
    /// The image's creation time; null means now. Pass SOURCE_DATE_EPOCH here for reproducible
    /// images: it also clamps the mtimes of an imported directory's files.
    /// </summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>The history comment; default <c>Imported from NAME</c> (the source's file name, never its full path).</summary>
    public string? Message { get; init; }

    /// <summary>How containers of the image run (Env, Cmd, ...); default empty, as <c>docker import</c> leaves it.</summary>
    public ContainerConfig? Config { get; init; }

    /// <summary>The platform recorded in the config; default this machine's.</summary>
    public Platform? Platform { get; init; }

    /// <summary>Parses <c>os/arch[/variant]</c>; null stays null (this machine's platform).</summary>
    public static Platform? ParsePlatform(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return Platform.TryParse(text, out var platform)
            ? platform
            : throw new StoreException($"invalid platform \"{text}\"; write it as os/arch[/variant], e.g. linux/amd64.");
    }

    /// <summary>Reads <c>SOURCE_DATE_EPOCH</c> (seconds since 1970) as the creation time, if set.</summary>
    public static DateTimeOffset? CreatedFromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH");
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : throw new StoreException($"SOURCE_DATE_EPOCH is \"{text}\"; it must be a whole number of seconds since 1970-01-01 UTC.");
    }
}

/// <summary>
/// <c>builder import ROOTFS.tar|DIR NAME[:TAG]</c>, like <c>docker import</c>: one gzip layer, a
/// config with the creation time and one history entry, a manifest, and the tag.
/// </summary>
public sealed class ImageImporter
{
    private readonly ImageStore _store;
    private readonly IRootfsTarWriter? _directoryWriter;

    public ImageImporter(ImageStore store, IRootfsTarWriter? directoryWriter = null)
    {
        _store = store;
        _directoryWriter = directoryWriter;
    }

    public async Task<StoredImage> ImportAsync(ImportOptions options, CancellationToken cancellationToken = default)
    {
        var reference = ImageStore.ParseTag(options.Reference);
        var source = options.Source.TrimEnd('/');
        var name = Path.GetFileName(source.Length == 0 ? "/" : source);
        if (name.Length == 0)
        {
            name = "/";
        }

        (Descriptor Layer, Digest DiffId, long Size) layer;
        using (var sink = new GzipLayerStream(_store.Content))
        {
            if (Directory.Exists(options.Source))
            {
                var writer = _directoryWriter ?? new LayerTarRootfsWriter(options.Created);
                await writer.WriteAsync(options.Source, sink, cancellationToken).ConfigureAwait(false);
            }
            else if (File.Exists(options.Source))
            {
                await using var tar = TarInput.Open(options.Source, "root file system");
                await tar.CopyToAsync(sink, 1 << 20, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                throw new StoreException($"{options.Source} is neither a file nor a directory; pass a root file system as a .tar, .tar.gz or directory.");
            }

            layer = sink.Commit();
        }

        var created = options.Created ?? _store.Time.GetUtcNow();
        var platform = options.Platform ?? _store.Platform;
        var config = new ImageConfig
        {
            Created = created,
            Architecture = platform.Architecture,
            Os = platform.Os,
            Variant = platform.Variant,
            Config = options.Config ?? new ContainerConfig(),
            RootFs = new RootFs("layers", [layer.DiffId]),
            History = [new HistoryEntry { Created = created, Comment = options.Message ?? $"Imported from {name}" }],
        };
        var configDescriptor = _store.Content.WriteJson(config, MediaTypes.OciConfig);
        var manifest = new Manifest(MediaTypes.OciManifest, configDescriptor, ImmutableArray.Create(layer.Layer));
        var manifestDescriptor = _store.Content.WriteJson(manifest, MediaTypes.OciManifest);
        return _store.Add(manifestDescriptor, [reference]);
    }
}
