using System.Buffers.Binary;
using System.Text;

namespace Builder.Cache.Context;

/// <summary>
/// The stat memo's file format, version 1 (integers little-endian):
/// <code>
/// "BLDCMEMO"  u32 version=1  u32 flags=0  u32 n + n bytes context path (UTF-8)  u64 count
/// count × ( u32 n + n bytes relative path (UTF-8)
///           i64 size  i64 mtime ns  i64 ctime ns  u64 inode  u64 device  32 bytes BLAKE3 )
/// 32 bytes: BLAKE3 of everything above
/// </code>
/// Reading is streamed and all-or-nothing: a short file, a bad header, another context's memo or a
/// checksum mismatch discards the whole memo.
/// </summary>
internal static class ContextMemoFormat
{
    public const uint Version = 1;
    private const int FixedEntryLength = (5 * 8) + Blake3Hash.Length;
    private const int MaxPathBytes = 64 * 1024;
    private static readonly byte[] Magic = "BLDCMEMO"u8.ToArray();

    public static ContextMemoState TryRead(string file, string contextPath, out Dictionary<string, MemoEntry> entries)
    {
        entries = new Dictionary<string, MemoEntry>(StringComparer.Ordinal);
        FileStream stream;
        try
        {
            stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return ContextMemoState.Missing;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ContextMemoState.Discarded;
        }

        using (stream)
        {
            try
            {
                if (ReadAll(stream, contextPath, entries))
                {
                    return ContextMemoState.Loaded;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException or ArgumentException)
            {
            }
        }

        entries.Clear();
        return ContextMemoState.Discarded;
    }

    public static void Write(string file, string contextPath, IReadOnlyDictionary<string, MemoEntry> entries)
    {
        using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024);
        using var hasher = new Blake3Hasher();
        var buffer = new byte[FixedEntryLength + 4 + MaxPathBytes];

        var kept = entries.Where(e => Encoding.UTF8.GetByteCount(e.Key) <= MaxPathBytes).ToList();
        Emit(stream, hasher, Header(Encoding.UTF8.GetBytes(contextPath), (ulong)kept.Count));
        foreach (var (path, entry) in kept)
        {
            int pathLength = Encoding.UTF8.GetBytes(path, buffer.AsSpan(4));
            BinaryPrimitives.WriteUInt32LittleEndian(buffer, (uint)pathLength);
            var fixedPart = buffer.AsSpan(4 + pathLength, FixedEntryLength);
            BinaryPrimitives.WriteInt64LittleEndian(fixedPart, entry.Size);
            BinaryPrimitives.WriteInt64LittleEndian(fixedPart[8..], entry.MtimeNs);
            BinaryPrimitives.WriteInt64LittleEndian(fixedPart[16..], entry.CtimeNs);
            BinaryPrimitives.WriteUInt64LittleEndian(fixedPart[24..], entry.Inode);
            BinaryPrimitives.WriteUInt64LittleEndian(fixedPart[32..], entry.Device);
            entry.Hash.CopyTo(fixedPart[40..]);
            Emit(stream, hasher, buffer.AsSpan(0, 4 + pathLength + FixedEntryLength));
        }

        Span<byte> checksum = stackalloc byte[Blake3Hash.Length];
        hasher.GetOutput(checksum);
        stream.Write(checksum);
    }

    private static byte[] Header(byte[] contextBytes, ulong count)
    {
        var header = new byte[Magic.Length + 12 + contextBytes.Length + 8];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), (uint)contextBytes.Length);
        contextBytes.CopyTo(header, 20);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(20 + contextBytes.Length), count);
        return header;
    }

    private static bool ReadAll(Stream stream, string contextPath, Dictionary<string, MemoEntry> entries)
    {
        using var hasher = new Blake3Hasher();
        var buffer = new byte[4 + MaxPathBytes + FixedEntryLength];
        if (!Take(stream, hasher, buffer.AsSpan(0, 20)) || !buffer.AsSpan(0, 8).SequenceEqual(Magic) ||
            BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(8)) != Version)
        {
            return false;
        }

        uint contextLength = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(16));
        if (contextLength > MaxPathBytes || !Take(stream, hasher, buffer.AsSpan(0, (int)contextLength + 8)) ||
            !buffer.AsSpan(0, (int)contextLength).SequenceEqual(Encoding.UTF8.GetBytes(contextPath)))
        {
            return false;
        }

        ulong count = BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan((int)contextLength));
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        for (ulong i = 0; i < count; i++)
        {
            if (!Take(stream, hasher, buffer.AsSpan(0, 4)))
            {
                return false;
            }

            uint pathLength = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
            if (pathLength > MaxPathBytes || !Take(stream, hasher, buffer.AsSpan(0, (int)pathLength + FixedEntryLength)))
            {
                return false;
            }

            var path = strict.GetString(buffer, 0, (int)pathLength);
            var f = buffer.AsSpan((int)pathLength, FixedEntryLength);
            entries[path] = new MemoEntry(
                BinaryPrimitives.ReadInt64LittleEndian(f),
                BinaryPrimitives.ReadInt64LittleEndian(f[8..]),
                BinaryPrimitives.ReadInt64LittleEndian(f[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(f[24..]),
                BinaryPrimitives.ReadUInt64LittleEndian(f[32..]),
                Blake3Hash.FromBytes(f.Slice(40, Blake3Hash.Length)));
        }

        Span<byte> expected = stackalloc byte[Blake3Hash.Length];
        hasher.GetOutput(expected);
        Span<byte> actual = stackalloc byte[Blake3Hash.Length];
        return stream.ReadAtLeast(actual, actual.Length, throwOnEndOfStream: false) == actual.Length &&
            actual.SequenceEqual(expected) && stream.ReadByte() == -1;
    }

    private static bool Take(Stream stream, Blake3Hasher hasher, Span<byte> destination)
    {
        if (stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false) != destination.Length)
        {
            return false;
        }

        hasher.Update(destination);
        return true;
    }

    private static void Emit(Stream stream, Blake3Hasher hasher, ReadOnlySpan<byte> bytes)
    {
        hasher.Update(bytes);
        stream.Write(bytes);
    }
}
