using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Builder.Cache.Layers.Tar;

/// <summary>
/// Writes a POSIX.1-2001 (PAX) tar stream byte for byte the same for the same input: ustar headers,
/// with a PAX extended header in front only when a field does not fit ustar (long or non-ASCII
/// paths and link targets, large sizes, ids or times) or the entry has extended attributes
/// (<c>SCHILY.xattr.NAME</c>, as GNU tar, Go and containerd write them). Owners are numeric with
/// empty user and group names; nothing is taken from the clock, the process or the host.
/// </summary>
/// <remarks>
/// <para>
/// Not System.Formats.Tar: its <c>TarWriter</c> in PAX format names every extended header
/// <c>PaxHeaders.&lt;process id&gt;/NAME</c> (seen with .NET 10), and earlier versions also added
/// atime and ctime records set to the current time, so two runs never produce the same bytes.
/// </para>
/// <para>
/// The extended header's own name is <c>DIR/PaxHeaders.0/BASE</c> with mode, owner and time zero,
/// like Go's archive/tar. Content is copied through one pooled 1 MiB buffer, so a file is never
/// held in memory and downstream streams see large writes.
/// </para>
/// </remarks>
internal sealed class PaxTarWriter : IDisposable
{
    private const int BufferSize = 1 << 20;

    private readonly Stream _output;
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _used;
    private bool _finished;

    public PaxTarWriter(Stream output)
    {
        _output = output;
    }

    /// <summary>Bytes of tar written so far (including what is still buffered).</summary>
    public long Length { get; private set; }

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PaxTarWriter));

    /// <summary>Writes an entry without content (anything but a regular file with a size).</summary>
    public void WriteEntry(TarHeader header)
    {
        if (header.Type == TarTypeFlag.Regular && header.Size != 0)
        {
            throw new ArgumentException("A regular file with content needs its content; use the overload that takes it.", nameof(header));
        }

        WriteHeader(header);
    }

    /// <summary>Writes a regular file whose content is read from <paramref name="file"/>: exactly <see cref="TarHeader.Size"/> bytes.</summary>
    public void WriteEntry(TarHeader header, SafeFileHandle file, string displayPath, CancellationToken cancellationToken = default)
    {
        WriteHeader(header);
        long offset = 0;
        while (offset < header.Size)
        {
            cancellationToken.ThrowIfCancellationRequested();
            EnsureSpace();
            int want = (int)Math.Min(Buffer.Length - _used, header.Size - offset);
            int n = RandomAccess.Read(file, Buffer.AsSpan(_used, want), offset);
            if (n == 0)
            {
                throw new IOException($"{displayPath} shrank from {header.Size} to {offset} bytes while it was added to the layer; make sure nothing writes to it during the build.");
            }

            _used += n;
            offset += n;
            Length += n;
        }

        Pad(header.Size);
    }

    /// <summary>Writes a regular file whose content is in memory (small files, tests).</summary>
    public void WriteEntry(TarHeader header, ReadOnlySpan<byte> content)
    {
        if (content.Length != header.Size)
        {
            throw new ArgumentException($"The header says {header.Size} bytes but the content has {content.Length}.", nameof(content));
        }

        WriteHeader(header);
        Append(content);
        Pad(header.Size);
    }

    /// <summary>Ends the archive with two zero blocks and flushes everything to the output.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }

        Span<byte> zeros = stackalloc byte[2 * UstarFormat.BlockSize];
        zeros.Clear();
        Append(zeros);
        FlushBuffer();
        _finished = true;
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void WriteHeader(TarHeader header)
    {
        if (_finished)
        {
            throw new InvalidOperationException("The archive is already finished.");
        }

        if (header.Name.Length == 0)
        {
            throw new ArgumentException("A tar entry needs a name.", nameof(header));
        }

        bool isDirectory = header.Type == TarTypeFlag.Directory;
        byte[] fullName = isDirectory ? [.. header.Name, (byte)'/'] : header.Name;

        var pax = new PaxRecords();
        if (header.LinkName.Length > UstarFormat.NameSize || !UstarFormat.IsAscii(header.LinkName))
        {
            pax.Add(PaxRecords.LinkPathKey, header.LinkName);
        }

        AddIfTooLarge(pax, PaxRecords.SizeKey, header.Size, UstarFormat.MaxLargeOctal);
        AddIfTooLarge(pax, PaxRecords.UidKey, header.Uid, UstarFormat.MaxSmallOctal);
        AddIfTooLarge(pax, PaxRecords.GidKey, header.Gid, UstarFormat.MaxSmallOctal);
        AddIfTooLarge(pax, PaxRecords.MTimeKey, header.ModifiedSeconds, UstarFormat.MaxLargeOctal);
        foreach (var xattr in header.Xattrs)
        {
            pax.Add(PaxRecords.XattrPrefix + xattr.Name, xattr.Value);
        }

        bool plainName = fullName.Length <= UstarFormat.NameSize && UstarFormat.IsAscii(fullName);
        int split = -1;
        if (!plainName && (pax.Count > 0 || !UstarFormat.TrySplit(fullName, out split)))
        {
            split = -1;
            pax.Add(PaxRecords.PathKey, fullName);
        }

        if (pax.Count > 0)
        {
            var records = pax.Encode();
            WriteBlock(BuildExtendedHeader(header.Name, records.Length));
            Append(records);
            Pad(records.Length);
        }

        Span<byte> block = stackalloc byte[UstarFormat.BlockSize];
        block.Clear();
        if (split > 0)
        {
            UstarFormat.WriteString(block.Slice(UstarFormat.PrefixOffset, UstarFormat.PrefixSize), fullName.AsSpan(0, split));
            UstarFormat.WriteString(block.Slice(UstarFormat.NameOffset, UstarFormat.NameSize), fullName.AsSpan(split + 1));
        }
        else
        {
            var name = plainName ? fullName : UstarFormat.AsciiFallback(fullName, isDirectory);
            UstarFormat.WriteString(block.Slice(UstarFormat.NameOffset, UstarFormat.NameSize), name);
        }

        var link = UstarFormat.IsAscii(header.LinkName) ? header.LinkName : UstarFormat.AsciiFallback(header.LinkName, false);
        UstarFormat.WriteString(block.Slice(UstarFormat.LinkNameOffset, UstarFormat.NameSize), link);
        UstarFormat.WriteOctal(block.Slice(UstarFormat.ModeOffset, 8), header.Mode & 0xFFF);
        UstarFormat.WriteOctal(block.Slice(UstarFormat.UidOffset, 8), header.Uid);
        UstarFormat.WriteOctal(block.Slice(UstarFormat.GidOffset, 8), header.Gid);
        UstarFormat.WriteOctal(block.Slice(UstarFormat.SizeOffset, 12), header.Size);
        UstarFormat.WriteOctal(block.Slice(UstarFormat.MTimeOffset, 12), header.ModifiedSeconds);
        block[UstarFormat.TypeFlagOffset] = (byte)header.Type;
        FillMagicAndDevices(block, header.DevMajor, header.DevMinor);
        UstarFormat.WriteChecksum(block);
        WriteBlock(block);
    }

    private static void AddIfTooLarge(PaxRecords pax, string key, long value, long max)
    {
        if (value < 0 || value > max)
        {
            pax.Add(key, value);
        }
    }

    private static byte[] BuildExtendedHeader(byte[] name, int recordsLength)
    {
        int slash = name.AsSpan().LastIndexOf((byte)'/');
        byte[] paxName = [.. name.AsSpan(0, slash + 1), .. "PaxHeaders.0/"u8, .. name.AsSpan(slash + 1)];
        var block = new byte[UstarFormat.BlockSize];
        UstarFormat.WriteString(block.AsSpan(UstarFormat.NameOffset, UstarFormat.NameSize), UstarFormat.AsciiFallback(paxName, false));
        UstarFormat.WriteOctal(block.AsSpan(UstarFormat.ModeOffset, 8), 0);
        UstarFormat.WriteOctal(block.AsSpan(UstarFormat.UidOffset, 8), 0);
        UstarFormat.WriteOctal(block.AsSpan(UstarFormat.GidOffset, 8), 0);
        UstarFormat.WriteOctal(block.AsSpan(UstarFormat.SizeOffset, 12), recordsLength);
        UstarFormat.WriteOctal(block.AsSpan(UstarFormat.MTimeOffset, 12), 0);
        block[UstarFormat.TypeFlagOffset] = (byte)'x';
        FillMagicAndDevices(block, 0, 0);
        UstarFormat.WriteChecksum(block);
        return block;
    }

    private static void FillMagicAndDevices(Span<byte> block, uint major, uint minor)
    {
        "ustar\0"u8.CopyTo(block.Slice(UstarFormat.MagicOffset));
        "00"u8.CopyTo(block.Slice(UstarFormat.MagicOffset + 6));
        if (major > UstarFormat.MaxSmallOctal || minor > UstarFormat.MaxSmallOctal)
        {
            throw new ArgumentException($"device number {major}:{minor} does not fit a tar header.");
        }

        UstarFormat.WriteOctal(block.Slice(UstarFormat.DevMajorOffset, 8), major);
        UstarFormat.WriteOctal(block.Slice(UstarFormat.DevMinorOffset, 8), minor);
    }

    private void WriteBlock(ReadOnlySpan<byte> block) => Append(block);

    private void Pad(long contentLength)
    {
        int rest = (int)(contentLength % UstarFormat.BlockSize);
        if (rest != 0)
        {
            Span<byte> zeros = stackalloc byte[UstarFormat.BlockSize - rest];
            zeros.Clear();
            Append(zeros);
        }
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            EnsureSpace();
            int n = Math.Min(Buffer.Length - _used, data.Length);
            data[..n].CopyTo(Buffer.AsSpan(_used));
            _used += n;
            Length += n;
            data = data[n..];
        }
    }

    private void EnsureSpace()
    {
        if (_used == Buffer.Length)
        {
            FlushBuffer();
        }
    }

    private void FlushBuffer()
    {
        if (_used > 0)
        {
            _output.Write(Buffer, 0, _used);
            _used = 0;
        }
    }
}
