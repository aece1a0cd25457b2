using System.Security.Cryptography;
using Builder.Cache.Oci;
using Builder.Cache.IO;

namespace Builder.Cache.Content;

/// <summary>A read-only stream over a blob that checks its digest when the end is reached.</summary>
internal sealed class VerifyingStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly Digest _expected;
    private readonly string _path;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _verified;

    public VerifyingStream(Stream inner, Digest expected, string path)
    {
        _inner = inner;
        _expected = expected;
        _path = path;
    }

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            // A zero-length request returns 0 without meaning the end of the blob.
            return 0;
        }

        int n = _inner.Read(buffer);
        Observe(buffer.Slice(0, n));
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        int n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Observe(buffer.Span.Slice(0, n));
        return n;
    }

    private void Observe(ReadOnlySpan<byte> data)
    {
        if (data.Length > 0)
        {
            _hash.AppendData(data);
            return;
        }

        if (_verified)
        {
            return;
        }

        _verified = true;
        var actual = Digest.FromHash(_hash.GetHashAndReset());
        if (actual != _expected)
        {
            throw new StoreException($"blob {_expected} is corrupted (its content hashes to {actual}); delete {_path} and pull or rebuild the image.");
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
