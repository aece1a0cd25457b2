using System.Text.Json;
using Builder.Cache.Oci;

namespace Builder.Cache.Content;

/// <summary>
/// Blobs named by their sha256 under <c>blobs/sha256/</c>. Writes go to a temp file that is hashed
/// while written, fsynced, checked against the expected digest and renamed into place, so a blob
/// path only ever holds complete, verified content; several processes may write the same blob.
/// Every read is verified again.
/// </summary>
public sealed class ContentStore
{
    public ContentStore(StoreRoot root)
    {
        Root = root.EnsureCreated();
    }

    public StoreRoot Root { get; }

    public string BlobPath(Digest digest) => Path.Combine(Root.Blobs, digest.Hex);

    public bool Exists(Digest digest) => File.Exists(BlobPath(digest));

    public long? SizeOf(Digest digest)
    {
        var info = new FileInfo(BlobPath(digest));
        return info.Exists ? info.Length : null;
    }

    /// <summary>Starts a streamed write; commit it with <see cref="BlobWriter.Commit"/>.</summary>
    public BlobWriter BeginWrite() => new(this);

    public Descriptor Write(ReadOnlySpan<byte> content, string mediaType)
    {
        var digest = Digest.Compute(content);
        var descriptor = new Descriptor(mediaType, digest, content.Length);
        if (Exists(digest))
        {
            return descriptor;
        }

        using var writer = BeginWrite();
        writer.Write(content);
        return writer.Commit(mediaType, digest);
    }

    public async Task<Descriptor> WriteAsync(Stream content, string mediaType, Digest? expected, CancellationToken cancellationToken)
    {
        if (expected is { } known && Exists(known))
        {
            return new Descriptor(mediaType, known, SizeOf(known)!.Value);
        }

        using var writer = BeginWrite();
        await content.CopyToAsync(writer, 1 << 20, cancellationToken).ConfigureAwait(false);
        return writer.Commit(mediaType, expected);
    }

    public Descriptor WriteJson<T>(T value, string mediaType) => Write(OciJson.Serialize(value), mediaType);

    /// <summary>Opens a blob; reading it to the end throws <see cref="StoreException"/> if it was corrupted.</summary>
    public Stream OpenRead(Digest digest)
    {
        FileStream file;
        try
        {
            file = new FileStream(BlobPath(digest), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            throw new StoreException($"blob {digest} is not in the store at {Root.Path}; pull or rebuild the image that needs it.");
        }

        return new VerifyingStream(file, digest, BlobPath(digest));
    }

    public byte[] ReadAllBytes(Digest digest, long maxSize = 64L << 20)
    {
        var size = SizeOf(digest) ?? throw new StoreException($"blob {digest} is not in the store at {Root.Path}; pull or rebuild the image that needs it.");
        if (size > maxSize)
        {
            throw new StoreException($"blob {digest} is {size} bytes, more than the {maxSize} expected for a JSON document.");
        }

        using var stream = OpenRead(digest);
        var buffer = new byte[size];
        stream.ReadExactly(buffer);
        if (stream.ReadByte() != -1)
        {
            throw new StoreException($"blob {digest} changed while it was read; run the command again.");
        }

        return buffer;
    }

    public T ReadJson<T>(Digest digest)
    {
        var bytes = ReadAllBytes(digest);
        try
        {
            return OciJson.Deserialize<T>(bytes);
        }
        catch (JsonException e)
        {
            throw new StoreException($"blob {digest} is not a valid {typeof(T).Name}: {e.Message}", e);
        }
    }

    public bool Delete(Digest digest)
    {
        var path = BlobPath(digest);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    public IEnumerable<Digest> List()
    {
        if (!Directory.Exists(Root.Blobs))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(Root.Blobs))
        {
            if (Digest.TryParse("sha256:" + Path.GetFileName(file), out var digest))
            {
                yield return digest;
            }
        }
    }

    internal void Publish(string tempPath, Digest digest)
    {
        // rename(2) is atomic; if another process published the same digest first, the content is identical.
        File.Move(tempPath, BlobPath(digest), overwrite: true);
    }
}
