using System.IO.Compression;
using System.Security.Cryptography;
using Builder.Cache.Content;
using Builder.Cache.Oci;
using Builder.Cache.IO;

namespace Builder.Cache.Images.Import;

/// <summary>
/// A write-only stream that takes an uncompressed layer tar and stores it gzip-compressed, hashing
/// both sides in the same pass: the tar gives the diff id, the gzip bytes the blob digest. Nothing
/// lands in the store unless <see cref="Commit"/> is called.
/// </summary>
internal sealed class GzipLayerStream : WriteOnlyStream
{
    private readonly BlobWriter _blob;
    private readonly GZipStream _gzip;
    private readonly IncrementalHash _diffId = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _length;

    public GzipLayerStream(ContentStore content)
    {
        _blob = content.BeginWrite();
        _gzip = new GZipStream(_blob, CompressionLevel.Optimal, leaveOpen: true);
    }

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    /// <summary>Finishes the gzip stream and stores the blob; returns its descriptor and the diff id.</summary>
    public (Descriptor Layer, Digest DiffId, long UncompressedSize) Commit()
    {
        _gzip.Dispose();
        var diffId = Digest.FromHash(_diffId.GetHashAndReset());
        return (_blob.Commit(MediaTypes.OciLayerGzip), diffId, _length);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _diffId.AppendData(buffer);
        _gzip.Write(buffer);
        _length += buffer.Length;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _diffId.AppendData(buffer.Span);
        await _gzip.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        _length += buffer.Length;
    }

    public override void Flush()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
            _blob.Dispose();
            _diffId.Dispose();
        }

        base.Dispose(disposing);
    }
}
