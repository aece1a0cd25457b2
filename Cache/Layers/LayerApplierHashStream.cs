using System.Security.Cryptography;
using Builder.Cache.Oci;
using Builder.Cache.IO;

namespace Builder.Cache.Layers;

/// <summary>
/// A read-only pass-through that hashes (sha256) and counts every byte read, so the applier
/// checks the compressed blob digest and the uncompressed diff id in the one pass that unpacks.
/// </summary>
internal sealed class LayerApplierHashStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly string? _codec;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <param name="inner">The stream to read.</param>
    /// <param name="leaveOpen">Whether disposing this leaves <paramref name="inner"/> open.</param>
    /// <param name="codec">When <paramref name="inner"/> decompresses, its name ("gzip"), so its
    /// data errors say which stream is corrupt.</param>
    public LayerApplierHashStream(Stream inner, bool leaveOpen, string? codec)
    {
        _inner = inner;
        _leaveOpen = leaveOpen;
        _codec = codec;
    }

    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    /// <summary>The digest of everything read so far.</summary>
    public Digest CurrentDigest() => Digest.FromHash(_hash.GetCurrentHash());

    /// <summary>Reads (and hashes) whatever is left, so the digest covers the whole stream.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        while (await ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
        {
        }
    }

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = _inner.Read(buffer);
        }
        catch (InvalidDataException e) when (_codec is not null)
        {
            throw Corrupt(e);
        }

        Observe(buffer.Slice(0, n));
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n;
        try
        {
            n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e) when (_codec is not null)
        {
            throw Corrupt(e);
        }

        Observe(buffer.Span.Slice(0, n));
        return n;
    }

    private InvalidDataException Corrupt(InvalidDataException e) => new($"the {_codec} stream is corrupt: {e.Message}", e);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            if (!_leaveOpen)
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private void Observe(ReadOnlySpan<byte> data)
    {
        _hash.AppendData(data);
        BytesRead += data.Length;
    }
}
