namespace Builder.Cache.Layers.Tar;

/// <summary>
/// The POSIX ustar header block (512 bytes) and its fields. Numbers are zero-padded octal followed
/// by a NUL, the checksum is six octal digits, a NUL and a space, as GNU tar and Go's archive/tar
/// write them.
/// </summary>
internal static class UstarFormat
{
    public const int BlockSize = 512;
    public const int NameSize = 100;
    public const int PrefixSize = 155;

    public const int NameOffset = 0;
    public const int ModeOffset = 100;
    public const int UidOffset = 108;
    public const int GidOffset = 116;
    public const int SizeOffset = 124;
    public const int MTimeOffset = 136;
    public const int ChecksumOffset = 148;
    public const int TypeFlagOffset = 156;
    public const int LinkNameOffset = 157;
    public const int MagicOffset = 257;
    public const int UnameOffset = 265;
    public const int GnameOffset = 297;
    public const int DevMajorOffset = 329;
    public const int DevMinorOffset = 337;
    public const int PrefixOffset = 345;

    /// <summary>The largest value of an 8-byte numeric field (7 octal digits).</summary>
    public const long MaxSmallOctal = (1L << 21) - 1;

    /// <summary>The largest value of a 12-byte numeric field (11 octal digits).</summary>
    public const long MaxLargeOctal = (1L << 33) - 1;

    public static bool IsAscii(ReadOnlySpan<byte> s) => !s.ContainsAnyExceptInRange((byte)1, (byte)0x7f);

    /// <summary>
    /// Splits a long ASCII path into ustar's prefix (up to 155 bytes) and name (up to 100) at a
    /// slash, the way Go's archive/tar does; false when it does not fit.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<byte> path, out int slash)
    {
        slash = -1;
        int length = path.Length;
        if (length <= NameSize || !IsAscii(path))
        {
            return false;
        }

        if (length > PrefixSize + 1)
        {
            length = PrefixSize + 1;
        }
        else if (path[length - 1] == (byte)'/')
        {
            length--;
        }

        int i = path[..length].LastIndexOf((byte)'/');
        int suffix = path.Length - i - 1;
        if (i <= 0 || suffix > NameSize || suffix == 0 || i > PrefixSize)
        {
            return false;
        }

        slash = i;
        return true;
    }

    /// <summary>Writes <paramref name="value"/> as zero-padded octal and a NUL; writes 0 when it does not fit (a PAX record carries it).</summary>
    public static void WriteOctal(Span<byte> field, long value)
    {
        int digits = field.Length - 1;
        if (value < 0 || (digits < 63 / 3 && value >= 1L << (3 * digits)))
        {
            value = 0;
        }

        for (int i = digits - 1; i >= 0; i--)
        {
            field[i] = (byte)('0' + (value & 7));
            value >>= 3;
        }

        field[digits] = 0;
    }

    /// <summary>Copies as much of <paramref name="text"/> as fits; the rest of the field stays NUL.</summary>
    public static void WriteString(Span<byte> field, ReadOnlySpan<byte> text) =>
        text[..Math.Min(text.Length, field.Length)].CopyTo(field);

    /// <summary>Fills in the checksum of a complete header block.</summary>
    public static void WriteChecksum(Span<byte> block)
    {
        block.Slice(ChecksumOffset, 8).Fill((byte)' ');
        long sum = 0;
        foreach (byte b in block)
        {
            sum += b;
        }

        WriteOctal(block.Slice(ChecksumOffset, 7), sum);
        block[ChecksumOffset + 7] = (byte)' ';
    }

    /// <summary>A best-effort ASCII form of a path for the ustar name field when a PAX record holds the real one.</summary>
    public static byte[] AsciiFallback(ReadOnlySpan<byte> path, bool isDirectory)
    {
        var ascii = new List<byte>(Math.Min(path.Length, NameSize));
        foreach (byte b in path)
        {
            if (b is > 0 and < 0x80)
            {
                ascii.Add(b);
            }
        }

        if (ascii.Count > NameSize)
        {
            ascii.RemoveRange(NameSize, ascii.Count - NameSize);

            // A truncated field that ends in '/' would look like a directory to some readers.
            while (!isDirectory && ascii.Count > 0 && ascii[^1] == (byte)'/')
            {
                ascii.RemoveAt(ascii.Count - 1);
            }
        }

        return [.. ascii];
    }
}
