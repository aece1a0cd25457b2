using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Builder.Cache.Layers.Native;
using Microsoft.Win32.SafeHandles;

namespace Builder.Cache.Content;

/// <summary>
/// The temp file behind a <see cref="BlobWriter"/>. Content gathers in 1 MiB chunks; a full chunk
/// goes to the disk on a background task while the next one fills (one write in flight), with
/// <c>O_DIRECT</c> where the file system allows it. A big layer then neither waits for each write
/// nor leaves a second copy of itself in the page cache (crowding out the snapshot the next step
/// reads; on a VM whose memory is backed lazily every new page is also a fault on the host), and
/// making it durable at the end flushes only the tail and the metadata. The tail, and so every
/// blob under 1 MiB (configs, manifests), goes through the page cache.
/// </summary>
/// <remarks>
/// The price: a blob read right after it was written (a push, a save) comes from the disk.
/// </remarks>
internal sealed unsafe class BlobFile : IDisposable
{
    public const int ChunkSize = 1 << 20;

    // Direct I/O wants the buffer aligned to the device's logical block; a page covers every one.
    private const int Alignment = 4096;

    // Through the page cache a chunk is written in pieces of this size: on Linux 6.18's ext4 a write
    // of exactly 1 MiB at a 1 MiB-aligned offset fills a freshly allocated large folio and ran at
    // 0.8 GB/s instead of 6 GB/s on this project's build machines.
    private const int BufferedPiece = 1 << 18;

    // Chunks are reused across blobs: a fresh 1 MiB allocation is 256 page faults per blob.
    private static readonly ConcurrentBag<nint> Pool = [];
    private const int PoolLimit = 8;

    private readonly SafeFileHandle _file;
    private readonly NativePath _path;
    private SafeFileHandle? _direct;
    private bool _directTried;
    private volatile bool _directRefused;
    private nint _filling;
    private nint _writing;
    private nint _spare;
    private int _used;
    private long _handedOff;
    private Task? _inFlight;
    private bool _disposed;

    public BlobFile(string path)
        : this(path, tryDirect: true)
    {
    }

    /// <param name="tryDirect">False: every chunk through the page cache, as where the file system refuses <c>O_DIRECT</c>.</param>
    internal BlobFile(string path, bool tryDirect)
    {
        _file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        _path = NativePath.FromString(path);
        _directTried = !tryDirect;
    }

    /// <summary>Appends <paramref name="data"/>; a write that failed in the background is thrown here or by <see cref="Complete"/>.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_filling == 0)
            {
                _filling = Rent();
            }

            int n = Math.Min(ChunkSize - _used, data.Length);
            data[..n].CopyTo(new Span<byte>((byte*)_filling + _used, n));
            _used += n;
            data = data[n..];
            if (_used == ChunkSize)
            {
                HandOff();
            }
        }
    }

    /// <summary>Writes what is left and makes the whole file durable.</summary>
    public void Complete()
    {
        WaitForWrite();
        if (_used > 0)
        {
            WriteBuffered(_filling, _used, _handedOff);
            _handedOff += _used;
            _used = 0;
        }

        RandomAccess.FlushToDisk(_file);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            WaitForWrite();
        }
        catch (IOException)
        {
            // The blob is being abandoned; its writer reports the failure that made it so.
        }

        Return(ref _filling);
        Return(ref _spare);
        _direct?.Dispose();
        _file.Dispose();
    }

    private void HandOff()
    {
        WaitForWrite();
        var chunk = _filling;
        long at = _handedOff;
        var direct = DirectHandle();
        _writing = chunk;
        _filling = _spare;
        _spare = 0;
        _handedOff += ChunkSize;
        _used = 0;
        _inFlight = Task.Run(() => WriteChunk(direct, chunk, at));
    }

    private void WriteChunk(SafeFileHandle? direct, nint chunk, long at)
    {
        if (direct is not null)
        {
            try
            {
                RandomAccess.Write(direct, new ReadOnlySpan<byte>((byte*)chunk, ChunkSize), at);
                return;
            }
            catch (IOException e) when (e.HResult == LibC.EInval)
            {
                // Opened but refused at the first write (some file systems only check then).
                _directRefused = true;
            }
        }

        WriteBuffered(chunk, ChunkSize, at);
    }

    private void WriteBuffered(nint data, int length, long at)
    {
        for (int done = 0; done < length; done += BufferedPiece)
        {
            RandomAccess.Write(_file, new ReadOnlySpan<byte>((byte*)data + done, Math.Min(BufferedPiece, length - done)), at + done);
        }
    }

    private SafeFileHandle? DirectHandle()
    {
        if (!_directTried)
        {
            _directTried = true;
            _direct = NativeFile.TryOpenDirectWrite(_path);
        }

        return _directRefused ? null : _direct;
    }

    private void WaitForWrite()
    {
        if (_inFlight is not { } write)
        {
            return;
        }

        try
        {
            write.GetAwaiter().GetResult();
        }
        finally
        {
            _inFlight = null;
            _spare = _writing;
            _writing = 0;
        }
    }

    private static nint Rent() => Pool.TryTake(out var chunk) ? chunk : (nint)NativeMemory.AlignedAlloc(ChunkSize, Alignment);

    private static void Return(ref nint chunk)
    {
        if (chunk == 0)
        {
            return;
        }

        if (Pool.Count < PoolLimit)
        {
            Pool.Add(chunk);
        }
        else
        {
            NativeMemory.AlignedFree((void*)chunk);
        }

        chunk = 0;
    }
}
