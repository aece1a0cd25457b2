using Builder.Cache.Layers.Native;

namespace Builder.Cache.Layers.Compression;

/// <summary>
/// zstd through the system libzstd's streaming API (<c>ZSTD_compressStream2</c>), one frame with
/// a content checksum, as the <c>zstd</c> command writes by default.
/// </summary>
/// <remarks>
/// Always at least one worker (<c>ZSTD_c_nbWorkers</c> ≥ 1): libzstd's multi-threaded output is the
/// same for any number of workers, but differs from single-threaded mode, so fixing the mode keeps
/// the blob digest independent of the machine's core count.
/// </remarks>
internal sealed unsafe class ZstdCompressStream : CompressingStream
{
    private readonly Stream _output;
    private readonly Zstd.Functions _api;
    private readonly byte[] _buffer;
    private nint _context;
    private bool _completed;

    public ZstdCompressStream(Stream output, int level, int threads)
    {
        _output = output;
        _api = Zstd.Get();
        _context = _api.CreateCCtx();
        if (_context == 0)
        {
            throw new OutOfMemoryException("zstd could not allocate a compression context.");
        }

        try
        {
            Zstd.Check(_api.SetParameter(_context, Zstd.CompressionLevelParameter, level), "setting the level");
            Zstd.Check(_api.SetParameter(_context, Zstd.ChecksumFlagParameter, 1), "enabling checksums");
            Zstd.Check(_api.SetParameter(_context, Zstd.NbWorkersParameter, Math.Max(1, threads)), "setting the worker count (is libzstd built without threads?)");
        }
        catch
        {
            Free();
            throw;
        }

        _buffer = new byte[(int)_api.CStreamOutSize()];
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_completed || _context == 0, this);
        fixed (byte* source = buffer)
        {
            var input = new Zstd.Buffer { Data = source, Size = (nuint)buffer.Length };
            while (input.Position < input.Size)
            {
                Run(&input, Zstd.EndContinue);
            }
        }
    }

    public override void Complete()
    {
        if (_completed)
        {
            return;
        }

        ObjectDisposedException.ThrowIf(_context == 0, this);
        var input = default(Zstd.Buffer);
        while (Run(&input, Zstd.EndFrame) != 0)
        {
        }

        _completed = true;
    }

    protected override void Dispose(bool disposing)
    {
        Free();
        base.Dispose(disposing);
    }

    ~ZstdCompressStream() => Free();

    /// <summary>One compressStream2 call; writes what it produced; returns zstd's "bytes left to flush" hint.</summary>
    private nuint Run(Zstd.Buffer* input, int directive)
    {
        nuint remaining;
        int produced;
        fixed (byte* destination = _buffer)
        {
            var output = new Zstd.Buffer { Data = destination, Size = (nuint)_buffer.Length };
            remaining = Zstd.Check(_api.CompressStream2(_context, &output, input, directive), "compression");
            produced = (int)output.Position;
        }

        if (produced > 0)
        {
            _output.Write(_buffer, 0, produced);
        }

        return remaining;
    }

    private void Free()
    {
        var context = Interlocked.Exchange(ref _context, 0);
        if (context != 0)
        {
            _api.FreeCCtx(context);
            GC.SuppressFinalize(this);
        }
    }
}
