using Builder.Cache.IO;
namespace Builder.Cache.Images.Archive;

/// <summary>A read-only stream that returns bytes already read from <c>inner</c> (to sniff them) and then the rest of it.</summary>
internal sealed class PrefixedStream : ReadOnlyStream
{
    private readonly byte[] _prefix;
    private readonly int _count;
    private readonly Stream _inner;
    private int _offset;

    public PrefixedStream(byte[] prefix, int count, Stream inner)
    {
        _prefix = prefix;
        _count = count;
        _inner = inner;
    }

    public override int Read(Span<byte> buffer)
    {
        if (_offset < _count)
        {
            int n = Math.Min(buffer.Length, _count - _offset);
            _prefix.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }

        return _inner.Read(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_offset < _count)
        {
            return Read(buffer.Span);
        }

        return await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
