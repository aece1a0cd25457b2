using System.Text;

namespace Builder.Cache.Images.Archive;

/// <summary>
/// A minimal ustar writer for image archives: only directories and regular files, every header
/// field fixed (mode 0644/0755, uid/gid 0, no user names, mtime 0), so the same entries in the same
/// order give the same bytes. Sizes past ustar's 8 GiB use the base-256 form GNU and Go read.
/// </summary>
internal sealed class ArchiveTarWriter
{
    private const int Block = 512;
    private readonly Stream _output;

    public ArchiveTarWriter(Stream output) => _output = output;

    public void AddDirectory(string name) => WriteHeader(name.EndsWith('/') ? name : name + "/", 0, (byte)'5', "0000755");

    public void AddFile(string name, ReadOnlySpan<byte> content)
    {
        WriteHeader(name, content.Length, (byte)'0', "0000644");
        _output.Write(content);
        Pad(content.Length);
    }

    /// <summary>Copies exactly <paramref name="size"/> bytes of <paramref name="content"/>; fails if it holds more or fewer.</summary>
    public async Task AddFileAsync(string name, long size, Stream content, CancellationToken cancellationToken)
    {
        WriteHeader(name, size, (byte)'0', "0000644");
        var buffer = new byte[1 << 16];
        long left = size;
        while (true)
        {
            int n = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            if (n > left)
            {
                throw new StoreException($"{name} is larger than the {size} bytes its descriptor says; the store is corrupted.");
            }

            await _output.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            left -= n;
        }

        if (left != 0)
        {
            throw new StoreException($"{name} is smaller than the {size} bytes its descriptor says; the store is corrupted.");
        }

        Pad(size);
    }

    /// <summary>Writes the two zero blocks that end a tar.</summary>
    public void Finish() => _output.Write(new byte[Block * 2]);

    private void WriteHeader(string name, long size, byte type, string mode)
    {
        var header = new byte[Block];
        var nameBytes = Encoding.UTF8.GetBytes(name);
        if (nameBytes.Length > 100)
        {
            throw new ArgumentException($"tar entry name longer than 100 bytes: {name}", nameof(name));
        }

        nameBytes.CopyTo(header, 0);
        Octal(header, 100, mode);
        Octal(header, 108, "0000000");
        Octal(header, 116, "0000000");
        if (size < (1L << 33))
        {
            Octal(header, 124, Convert.ToString(size, 8).PadLeft(11, '0'));
        }
        else
        {
            header[124] = 0x80;
            for (int i = 0; i < 8; i++)
            {
                header[135 - i] = (byte)(size >> (8 * i));
            }
        }

        Octal(header, 136, "00000000000");
        header[156] = type;
        "ustar\0"u8.CopyTo(header.AsSpan(257));
        "00"u8.CopyTo(header.AsSpan(263));
        Octal(header, 329, "0000000");
        Octal(header, 337, "0000000");
        header.AsSpan(148, 8).Fill((byte)' ');
        int sum = 0;
        foreach (var b in header)
        {
            sum += b;
        }

        Octal(header, 148, Convert.ToString(sum, 8).PadLeft(6, '0'));
        header[155] = (byte)' ';
        _output.Write(header);
    }

    /// <summary>An octal field: the digits, then a NUL.</summary>
    private static void Octal(byte[] header, int offset, string digits)
    {
        Encoding.ASCII.GetBytes(digits).CopyTo(header, offset);
        header[offset + digits.Length] = 0;
    }

    private void Pad(long size)
    {
        int rest = (int)(size % Block);
        if (rest != 0)
        {
            _output.Write(new byte[Block - rest]);
        }
    }
}
