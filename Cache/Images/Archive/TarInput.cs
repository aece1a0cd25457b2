using System.IO.Compression;
using Builder.Cache.Oci;

namespace Builder.Cache.Images.Archive;

/// <summary>
/// Opens a file that should hold a tar, plain or gzip-compressed (detected from its first bytes,
/// not its name), and checks that what comes out starts like a tar, so a wrong file fails with a
/// message instead of as garbage later.
/// </summary>
internal static class TarInput
{
    private const int BlockSize = 512;

    public static LayerCompression Detect(ReadOnlySpan<byte> head) => head switch
    {
        [0x1f, 0x8b, ..] => LayerCompression.Gzip,
        [0x28, 0xb5, 0x2f, 0xfd, ..] => LayerCompression.Zstd,
        _ => LayerCompression.None,
    };

    /// <summary>Opens <paramref name="path"/> and returns a stream of the uncompressed tar.</summary>
    public static Stream Open(string path, string what)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw new StoreException($"cannot read {what} {path}: {e.Message}", e);
        }

        try
        {
            var head = ReadHead(file, out int count);
            if (IsOtherCompression(head.AsSpan(0, count)))
            {
                throw new StoreException($"{what} {path} is xz- or bzip2-compressed, which builder cannot read; decompress it first and pass the .tar (or .tar.gz).");
            }

            Stream tar = Detect(head.AsSpan(0, count)) switch
            {
                LayerCompression.Gzip => new GZipStream(new PrefixedStream(head, count, file), CompressionMode.Decompress),
                LayerCompression.Zstd => throw new StoreException($"{what} {path} is zstd-compressed, which builder cannot read yet; decompress it first (zstd -d) and pass the .tar."),
                _ => new PrefixedStream(head, count, file),
            };
            return CheckTar(tar, path, what);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads the first block of <paramref name="tar"/> and fails unless it is a tar header (or the zero block of an empty tar).</summary>
    public static Stream CheckTar(Stream tar, string path, string what)
    {
        byte[] block;
        int count;
        try
        {
            block = ReadHead(tar, out count);
        }
        catch (InvalidDataException e)
        {
            throw new StoreException($"{what} {path} is not a valid gzip stream ({e.Message}).", e);
        }

        if (count < BlockSize || !IsTarHeader(block))
        {
            throw new StoreException($"{what} {path} is not a tar archive; pass a .tar or .tar.gz file.");
        }

        return new PrefixedStream(block, count, tar);
    }

    public static bool IsTarHeader(ReadOnlySpan<byte> block)
    {
        if (block.Length < BlockSize)
        {
            return false;
        }

        if (!block.Slice(0, BlockSize).ContainsAnyExcept((byte)0))
        {
            return true;
        }

        long sum = 0;
        for (int i = 0; i < BlockSize; i++)
        {
            sum += i is >= 148 and < 156 ? (byte)' ' : block[i];
        }

        var field = System.Text.Encoding.ASCII.GetString(block.Slice(148, 8)).Trim(' ', '\0');
        try
        {
            return field.Length > 0 && Convert.ToInt64(field, 8) == sum;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool IsOtherCompression(ReadOnlySpan<byte> head) =>
        head.StartsWith(XzMagic) ||
        (head.Length >= 7 && head.StartsWith("BZh"u8) && head[3] is >= (byte)'1' and <= (byte)'9' && head.Slice(4, 3).SequenceEqual((ReadOnlySpan<byte>)[0x31, 0x41, 0x59]));

    private static ReadOnlySpan<byte> XzMagic => [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];

    private static byte[] ReadHead(Stream stream, out int count)
    {
        var head = new byte[BlockSize];
        count = stream.ReadAtLeast(head, BlockSize, throwOnEndOfStream: false);
        return head;
    }
}
