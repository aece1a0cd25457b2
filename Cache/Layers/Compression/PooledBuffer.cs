using System.Buffers;

using Builder.Cache.IO;

namespace Builder.Cache.Layers.Compression;

/// <summary>A growable write-only buffer over pooled arrays (one compressed chunk).</summary>
internal sealed class PooledBuffer : WriteOnlyStream
{
    private byte[]? _array;

    public PooledBuffer(int initialCapacity)
    {
        _array = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public int Count { get; private set; }

    public ReadOnlySpan<byte> Written => Array.AsSpan(0, Count);

    private byte[] Array => _array ?? throw new ObjectDisposedException(nameof(PooledBuffer));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (Count + buffer.Length > Array.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(Array.Length * 2, Count + buffer.Length));
            Array.AsSpan(0, Count).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(Array);
            _array = bigger;
        }

        buffer.CopyTo(Array.AsSpan(Count));
        Count += buffer.Length;
    }

    public override void Flush()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (_array is { } array)
        {
            _array = null;
            ArrayPool<byte>.Shared.Return(array);
        }

        base.Dispose(disposing);
    }
}
