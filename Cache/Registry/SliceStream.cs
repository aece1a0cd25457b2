using Builder.Cache.IO;

namespace Builder.Cache.Registry;

/// <summary><paramref name="length"/> bytes of a file from <paramref name="offset"/>: the body of one chunked-upload PATCH.</summary>
internal sealed class SliceStream : ReadOnlyStream
{
    private readonly FileStream _file;
    private long _remaining;

    public SliceStream(string path, long offset, long length)
    {
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        _file.Position = offset;
        _remaining = length;
    }

    public override long Length => _remaining;

    public override int Read(Span<byte> buffer)
    {
        int n = _file.Read(buffer.Slice(0, (int)Math.Min(buffer.Length, _remaining)));
        _remaining -= n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await _file.ReadAsync(buffer.Slice(0, (int)Math.Min(buffer.Length, _remaining)), cancellationToken).ConfigureAwait(false);
        _remaining -= n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}
