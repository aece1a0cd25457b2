using System.Formats.Tar;
using Builder.Cache.Content;
using Builder.Cache.Oci;

namespace Builder.Cache.Images.Archive;

/// <summary>
/// One streaming pass over an image archive: every regular file goes straight into the content
/// store (named <c>blobs/sha256/HEX</c> files must hash to HEX), the layout's own small files
/// (<c>index.json</c>, <c>manifest.json</c>, <c>oci-layout</c>) are kept in memory, and links are
/// remembered so docker-archive paths can be followed. Nothing is unpacked to disk.
/// </summary>
internal sealed class ArchiveContents
{
    private const long MaxMetadataSize = 16L << 20;
    private static readonly string[] MetadataFiles = ["index.json", "manifest.json", "oci-layout", "repositories"];

    private readonly Dictionary<string, Descriptor> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _links = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _metadata = new(StringComparer.Ordinal);

    private ArchiveContents(string path) => Path = path;

    public string Path { get; }

    /// <summary>Blobs this pass added to the store (to remove again if the load fails).</summary>
    public List<Digest> Created { get; } = [];

    public byte[]? Metadata(string name) => _metadata.GetValueOrDefault(name);

    public static async Task<ArchiveContents> ReadAsync(ContentStore content, string path, CancellationToken cancellationToken)
    {
        var contents = new ArchiveContents(path);
        await using var tar = TarInput.Open(path, "image archive");
        using var reader = new TarReader(tar);
        try
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                await contents.AddAsync(content, entry, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new StoreException($"image archive {path} is damaged ({e.Message}); make it again.", e);
        }

        return contents;
    }

    /// <summary>The blob stored for an archive path, following symbolic and hard links.</summary>
    public Descriptor File(string archivePath, string what)
    {
        var name = Normalize(archivePath);
        for (int hops = 0; hops < 16 && name is not null; hops++)
        {
            if (_files.TryGetValue(name, out var descriptor))
            {
                return descriptor;
            }

            name = _links.GetValueOrDefault(name);
        }

        throw new StoreException($"image archive {Path} names {archivePath} as {what}, but has no such file; the archive is incomplete.");
    }

    private async Task AddAsync(ContentStore content, TarEntry entry, CancellationToken cancellationToken)
    {
        var name = Normalize(entry.Name);
        if (name is null)
        {
            return;
        }

        switch (entry.EntryType)
        {
            case TarEntryType.SymbolicLink:
                var dir = System.IO.Path.GetDirectoryName(name) ?? string.Empty;
                var target = entry.LinkName.StartsWith('/') ? entry.LinkName : System.IO.Path.Combine(dir, entry.LinkName);
                if (Normalize(target) is { } resolved)
                {
                    _links[name] = resolved;
                }

                return;
            case TarEntryType.HardLink:
                if (Normalize(entry.LinkName) is { } linked)
                {
                    _links[name] = linked;
                }

                return;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                break;
            default:
                return;
        }

        if (MetadataFiles.Contains(name))
        {
            if (entry.Length > MaxMetadataSize)
            {
                throw new StoreException($"{name} in image archive {Path} is {entry.Length} bytes; that is not an image layout file.");
            }

            var buffer = new MemoryStream();
            if (entry.DataStream is { } data)
            {
                await data.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            }

            _metadata[name] = buffer.ToArray();
            return;
        }

        Digest? expected = null;
        if (name.StartsWith("blobs/sha256/", StringComparison.Ordinal) && Digest.TryParse("sha256:" + name.Substring(13), out var named))
        {
            expected = named;
            if (content.Exists(named))
            {
                _files[name] = new Descriptor("application/octet-stream", named, entry.Length);
                return;
            }
        }

        using var writer = content.BeginWrite();
        if (entry.DataStream is { } stream)
        {
            await stream.CopyToAsync(writer, 1 << 20, cancellationToken).ConfigureAwait(false);
        }

        var before = expected is null ? writer.CurrentDigest() : expected.Value;
        bool existed = content.Exists(before);
        Descriptor descriptor;
        try
        {
            descriptor = writer.Commit("application/octet-stream", expected);
        }
        catch (StoreException e)
        {
            throw new StoreException($"{name} in image archive {Path} is corrupted: {e.Message}", e);
        }

        if (!existed)
        {
            Created.Add(descriptor.Digest);
        }

        _files[name] = descriptor;
    }

    /// <summary>An archive path without <c>./</c> or a leading '/'; null for the root or a path that leaves the archive.</summary>
    private static string? Normalize(string name)
    {
        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return parts.Count == 0 ? null : string.Join('/', parts);
    }
}
