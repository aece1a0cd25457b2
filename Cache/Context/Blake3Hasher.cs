using System.Runtime.InteropServices;
using System.Text;
using Builder.Cache.Context.Native;

namespace Builder.Cache.Context;

/// <summary>
/// Incremental BLAKE3 over the official C implementation (SIMD picked at run time: SSE2, SSE4.1,
/// AVX2 or AVX-512 on x86-64). One instance is one hasher state in native memory; it is not
/// thread-safe. <see cref="GetHash"/> does not change the state, so more input may follow.
/// </summary>
public sealed unsafe class Blake3Hasher : IDisposable
{
    private void* _state;

    /// <summary>A hasher in the default (unkeyed) mode.</summary>
    public Blake3Hasher()
        : this(Mode.Hash, default)
    {
    }

    private Blake3Hasher(Mode mode, ReadOnlySpan<byte> keyOrContext)
    {
        int size = Blake3Native.HasherSize;
        _state = NativeMemory.AlignedAlloc((nuint)size, 64);
        fixed (byte* p = keyOrContext)
        {
            switch (mode)
            {
                case Mode.Keyed:
                    Blake3Native.blake3_hasher_init_keyed(_state, p);
                    break;
                case Mode.DeriveKey:
                    Blake3Native.blake3_hasher_init_derive_key_raw(_state, p, (nuint)keyOrContext.Length);
                    break;
                default:
                    Blake3Native.blake3_hasher_init(_state);
                    break;
            }
        }
    }

    ~Blake3Hasher() => Free();

    private enum Mode
    {
        Hash,
        Keyed,
        DeriveKey,
    }

    /// <summary>The version of the C implementation in use, e.g. <c>1.3.1</c>.</summary>
    public static string NativeVersion => Blake3Native.Version;

    /// <summary>A hasher in keyed mode (a MAC); the key is 32 bytes.</summary>
    public static Blake3Hasher CreateKeyed(ReadOnlySpan<byte> key)
    {
        if (key.Length != Blake3Native.KeyLength)
        {
            throw new ArgumentException($"A BLAKE3 key is {Blake3Native.KeyLength} bytes.", nameof(key));
        }

        return new Blake3Hasher(Mode.Keyed, key);
    }

    /// <summary>A hasher in key-derivation mode with a context string (hard-coded, unique to its use).</summary>
    public static Blake3Hasher CreateDeriveKey(string context) =>
        new(Mode.DeriveKey, Encoding.UTF8.GetBytes(context));

    /// <summary>The BLAKE3 hash of <paramref name="data"/>.</summary>
    public static Blake3Hash Hash(ReadOnlySpan<byte> data)
    {
        using var hasher = new Blake3Hasher();
        hasher.Update(data);
        return hasher.GetHash();
    }

    /// <summary>
    /// Hashes a regular file's content in a streamed way (a reused 1 MiB buffer). Symbolic links
    /// are not followed.
    /// </summary>
    /// <exception cref="ContextException">The file cannot be read, or is not a regular file.</exception>
    public static Blake3Hash HashFile(string path, CancellationToken cancellationToken = default)
    {
        using var files = new FileContentHasher(FileContentHasher.DefaultBufferSize);
        return files.Hash(Path.GetFullPath(path), path, cancellationToken).Hash;
    }

    public void Update(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            Update(p, (nuint)data.Length);
        }
    }

    internal void Update(byte* data, nuint length)
    {
        Blake3Native.blake3_hasher_update(State, data, length);
        GC.KeepAlive(this);
    }

    /// <summary>The 32-byte hash of everything written so far.</summary>
    public Blake3Hash GetHash()
    {
        Span<byte> output = stackalloc byte[Blake3Hash.Length];
        GetOutput(output);
        return Blake3Hash.FromBytes(output);
    }

    /// <summary>Extended output: fills <paramref name="output"/> with any number of output bytes.</summary>
    public void GetOutput(Span<byte> output)
    {
        fixed (byte* p = output)
        {
            Blake3Native.blake3_hasher_finalize(State, p, (nuint)output.Length);
        }

        GC.KeepAlive(this);
    }

    /// <summary>Back to the state right after construction (same mode, key or context).</summary>
    public void Reset()
    {
        Blake3Native.blake3_hasher_reset(State);
        GC.KeepAlive(this);
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void* State => _state != null ? _state : throw new ObjectDisposedException(nameof(Blake3Hasher));

    private void Free()
    {
        if (_state != null)
        {
            NativeMemory.AlignedFree(_state);
            _state = null;
        }
    }
}
