using System.Buffers;
using Builder.Cache.Layers.Native;
using Builder.Cache.IO;

namespace Builder.Cache.Layers.Compression;

/// <summary>
/// Reads zstd-compressed data (one or more concatenated frames) through libzstd's
/// <c>ZSTD_decompressStream</c>. A stream that ends inside a frame is an error, not a short read.
/// </summary>
internal sealed unsafe class ZstdDecompressStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly Zstd.Functions _api;
    private byte[]? _input;
    private int _inputLength;
    private int _inputPosition;
    private nint _context;
    private bool _inFrame;
    private bool _mayHoldOutput;
    private bool _sawData;

    public ZstdDecompressStream(Stream inner, bool leaveOpen = false)
    {
        _inner = inner;
        _leaveOpen = leaveOpen;
        _api = Zstd.Get();
        _context = _api.CreateDStream();
        if (_context == 0)
        {
            throw new OutOfMemoryException("zstd could not allocate a decompression context.");
        }

        Zstd.Check(_api.InitDStream(_context), "initialisation");
        _input = ArrayPool<byte>.Shared.Rent((int)_api.DStreamInSize());
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_context == 0 || _input is null, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            if (_inputPosition == _inputLength && !_mayHoldOutput)
            {
                _inputLength = _inner.Read(_input, 0, _input.Length);
                _inputPosition = 0;
                if (_inputLength == 0)
                {
                    if (_inFrame || !_sawData)
                    {
                        throw new InvalidDataException(_sawData
                            ? "the zstd stream ends in the middle of a frame; the layer blob is truncated."
                            : "the zstd stream is empty; a zstd layer blob has at least one frame.");
                    }

                    return 0;
                }

                _sawData = true;
            }

            nuint hint;
            int produced;
            int consumedFrom = _inputPosition;
            fixed (byte* source = _input)
            fixed (byte* destination = buffer)
            {
                var input = new Zstd.Buffer { Data = source, Size = (nuint)_inputLength, Position = (nuint)_inputPosition };
                var output = new Zstd.Buffer { Data = destination, Size = (nuint)buffer.Length };
                hint = Zstd.Check(_api.DecompressStream(_context, &output, &input), "decompression");
                _inputPosition = (int)input.Position;
                produced = (int)output.Position;
            }

            // A call that neither read nor wrote (asked to drain at a frame boundary) says nothing
            // about the frame: its hint would describe the next frame's header.
            if (_inputPosition > consumedFrom || produced > 0)
            {
                _inFrame = hint != 0;
            }

            // A full output buffer may leave decoded bytes inside zstd: ask again before reading more input.
            _mayHoldOutput = produced == buffer.Length;
            if (produced > 0)
            {
                return produced;
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        Free();
        if (disposing)
        {
            if (_input is { } input)
            {
                _input = null;
                ArrayPool<byte>.Shared.Return(input);
            }

            if (!_leaveOpen)
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    ~ZstdDecompressStream() => Free();

    private void Free()
    {
        var context = Interlocked.Exchange(ref _context, 0);
        if (context != 0)
        {
            _api.FreeDStream(context);
            GC.SuppressFinalize(this);
        }
    }
}
