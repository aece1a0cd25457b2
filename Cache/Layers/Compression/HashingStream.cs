using System.Security.Cryptography;
using Builder.Cache.Oci;

using Builder.Cache.IO;

namespace Builder.Cache.Layers.Compression;

/// <summary>Passes writes through, counting them and hashing them with sha256 (the diff id).</summary>
internal sealed class HashingStream : WriteOnlyStream
{
    private readonly Stream _inner;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public HashingStream(Stream inner)
    {
        _inner = inner;
    }

    public long BytesWritten { get; private set; }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        _inner.Write(buffer);
        BytesWritten += buffer.Length;
    }

    public override void Flush() => _inner.Flush();

    public Digest CurrentDigest() => Digest.FromHash(_hash.GetCurrentHash());

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
