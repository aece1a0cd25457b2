using System.Security.Cryptography;
using Builder.Cache.Oci;
using Builder.Cache.IO;

namespace Builder.Cache.Content;

/// <summary>
/// A blob being written: hashes and counts as it goes, lands in the store only on
/// <see cref="Commit"/>. Disposing without committing removes the temp file, so a failed or
/// cancelled write leaves nothing behind.
/// </summary>
public sealed class BlobWriter : WriteOnlyStream
{
    private readonly ContentStore _store;
    private readonly BlobFile _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _length;
    private bool _committed;

    internal BlobWriter(ContentStore store)
    {
        _store = store;
        TempPath = Path.Combine(store.Root.Temp, $"blob.{Guid.NewGuid():N}.tmp");
        _file = new BlobFile(TempPath);
    }

    public string TempPath { get; }

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        try
        {
            _file.Write(buffer);
        }
        catch (IOException e) when (IsDiskFull(e))
        {
            throw DiskFull(e);
        }

        _length += buffer.Length;
    }

    /// <summary>Nothing to flush: chunks go to the disk as they fill, the rest on <see cref="Commit"/>.</summary>
    public override void Flush()
    {
    }

    /// <summary>The digest of what was written so far (without committing).</summary>
    public Digest CurrentDigest() => Digest.FromHash(_hash.GetCurrentHash());

    /// <summary>
    /// Verifies against <paramref name="expected"/> (when given), makes the content durable and
    /// moves it into the store.
    /// </summary>
    public Descriptor Commit(string mediaType, Digest? expected = null)
    {
        if (_committed)
        {
            throw new InvalidOperationException("The blob was already committed.");
        }

        var digest = Digest.FromHash(_hash.GetHashAndReset());
        if (expected is { } want && want != digest)
        {
            throw new StoreException($"content digest mismatch: expected {want}, got {digest} ({_length} bytes); the source is corrupted or changed while it was read.");
        }

        try
        {
            _file.Complete();
        }
        catch (IOException e) when (IsDiskFull(e))
        {
            throw DiskFull(e);
        }

        _file.Dispose();
        _store.Publish(TempPath, digest);
        _committed = true;
        return new Descriptor(mediaType, digest, _length);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
            _hash.Dispose();
            if (!_committed)
            {
                File.Delete(TempPath);
            }
        }

        base.Dispose(disposing);
    }

    private StoreException DiskFull(IOException e) =>
        new($"the disk holding {_store.Root.Path} is full; free space (builder prune) and run the command again.", e);

    private static bool IsDiskFull(IOException e) => e.HResult == 28 || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase);
}
