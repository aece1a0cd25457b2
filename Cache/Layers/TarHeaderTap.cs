using System.Collections.Immutable;
using System.Text;
using Builder.Cache.IO;

namespace Builder.Cache.Layers;

/// <summary>One tar header as the tap framed it: its type flag and the raw SCHILY.xattr values of its PAX header.</summary>
internal sealed record TapHeader(byte TypeFlag, ImmutableDictionary<string, byte[]> Xattrs);

/// <summary>
/// A pass-through under <see cref="System.Formats.Tar.TarReader"/> that frames the same bytes
/// the reader reads and keeps the raw bytes of PAX <c>SCHILY.xattr.*</c> values. TarReader decodes
/// PAX values as UTF-8 with replacement, which destroys binary values such as
/// <c>security.capability</c>; <see cref="TarEntryReader"/> takes the raw value from here and
/// checks that both framings agree. It also tells whether the end-of-archive marker was seen.
/// Memory: one 512-byte header and at most one PAX header (bounded by <see cref="MaxPaxHeader"/>).
/// </summary>
internal sealed class TarHeaderTap : ReadOnlyStream
{
    public const int MaxPaxHeader = 16 << 20;
    private const int Block = 512;
    private const string XattrPrefix = "SCHILY.xattr.";

    private readonly Stream _inner;
    private readonly byte[] _header = new byte[Block];
    private readonly Queue<TapHeader> _headers = new();
    private int _headerFill;
    private long _skip;
    private byte[]? _pax;
    private int _paxFill;
    private long _paxPadding;
    private ImmutableDictionary<string, byte[]>? _pendingXattrs;
    private long? _pendingSize;

    public TarHeaderTap(Stream inner)
    {
        _inner = inner;
    }

    /// <summary>A header with a zero checksum (what TarReader takes as the end) was read.</summary>
    public bool ReachedEnd { get; private set; }

    /// <summary>Why framing stopped early, if it did (TarReader then fails on the same bytes, or the entries disagree).</summary>
    public string? Problem { get; private set; }

    /// <summary>The oldest framed entry header not yet taken.</summary>
    public TapHeader? TakeHeader() => _headers.Count > 0 ? _headers.Dequeue() : null;

    public override int Read(Span<byte> buffer)
    {
        int n = _inner.Read(buffer);
        Observe(buffer.Slice(0, n));
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Observe(buffer.Span.Slice(0, n));
        return n;
    }

    private void Observe(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty && !ReachedEnd && Problem is null)
        {
            if (_skip > 0)
            {
                int n = (int)Math.Min(_skip, data.Length);
                _skip -= n;
                data = data.Slice(n);
            }
            else if (_pax is { } pax)
            {
                int n = Math.Min(pax.Length - _paxFill, data.Length);
                data.Slice(0, n).CopyTo(pax.AsSpan(_paxFill));
                _paxFill += n;
                data = data.Slice(n);
                if (_paxFill == pax.Length)
                {
                    EndPaxHeader(pax);
                }
            }
            else
            {
                int n = Math.Min(Block - _headerFill, data.Length);
                data.Slice(0, n).CopyTo(_header.AsSpan(_headerFill));
                _headerFill += n;
                data = data.Slice(n);
                if (_headerFill == Block)
                {
                    _headerFill = 0;
                    OnHeader(_header);
                }
            }
        }
    }

    private void OnHeader(ReadOnlySpan<byte> header)
    {
        var checksum = header.Slice(148, 8);
        if (!checksum.ContainsAnyExcept((byte)0) || (TryParseNumber(checksum, out long sum) && sum == 0))
        {
            ReachedEnd = true;
            return;
        }

        if (!TryParseNumber(header.Slice(124, 12), out long size) || size < 0)
        {
            Problem = "a header has an unreadable size field";
            return;
        }

        byte type = header[156];
        switch (type)
        {
            case (byte)'x':
                if (size > MaxPaxHeader)
                {
                    Problem = $"a PAX header is {size} bytes, more than {MaxPaxHeader}";
                    return;
                }

                _paxPadding = Padding(size);
                _pax = new byte[size];
                _paxFill = 0;
                if (size == 0)
                {
                    EndPaxHeader(_pax);
                }

                break;
            case (byte)'g':
                _headers.Enqueue(new TapHeader(type, ImmutableDictionary<string, byte[]>.Empty));
                _skip = size + Padding(size);
                break;
            case (byte)'L' or (byte)'K':
                _skip = size + Padding(size);
                break;
            default:
                long dataSize = _pendingSize ?? size;
                _headers.Enqueue(new TapHeader(type, _pendingXattrs ?? ImmutableDictionary<string, byte[]>.Empty));
                _pendingXattrs = null;
                _pendingSize = null;
                _skip = dataSize + Padding(dataSize);
                break;
        }
    }

    private void EndPaxHeader(byte[] pax)
    {
        _pax = null;
        _skip = _paxPadding;
        var xattrs = ImmutableDictionary.CreateBuilder<string, byte[]>(StringComparer.Ordinal);
        ReadOnlySpan<byte> rest = pax;
        while (!rest.IsEmpty)
        {
            int space = rest.IndexOf((byte)' ');
            if (space <= 0 || !int.TryParse(Encoding.ASCII.GetString(rest.Slice(0, space)), out int length) ||
                length <= space + 1 || length > rest.Length || rest[length - 1] != (byte)'\n')
            {
                break;
            }

            var record = rest.Slice(space + 1, length - space - 2);
            rest = rest.Slice(length);
            int equals = record.IndexOf((byte)'=');
            if (equals <= 0)
            {
                continue;
            }

            var key = Encoding.UTF8.GetString(record.Slice(0, equals));
            var value = record.Slice(equals + 1);
            if (key == "size" && long.TryParse(Encoding.ASCII.GetString(value), out long size) && size >= 0)
            {
                _pendingSize = size;
            }
            else if (key.StartsWith(XattrPrefix, StringComparison.Ordinal))
            {
                xattrs[key.Substring(XattrPrefix.Length)] = value.ToArray();
            }
        }

        _pendingXattrs = xattrs.ToImmutable();
    }

    private static long Padding(long size) => (Block - (size % Block)) % Block;

    /// <summary>A tar numeric field: octal text (spaces/NULs around it) or GNU base-256 (high bit set).</summary>
    private static bool TryParseNumber(ReadOnlySpan<byte> field, out long value)
    {
        value = 0;
        if (field.Length > 0 && (field[0] & 0x80) != 0)
        {
            if (field[0] == 0xFF)
            {
                return false; // negative
            }

            value = field[0] & 0x7F;
            for (int i = 1; i < field.Length; i++)
            {
                if (value > (long.MaxValue >> 8))
                {
                    return false;
                }

                value = (value << 8) | field[i];
            }

            return true;
        }

        var text = field.Trim((byte)0).Trim((byte)' ').Trim((byte)0);
        foreach (byte b in text)
        {
            if (b < (byte)'0' || b > (byte)'7' || value > (long.MaxValue >> 3))
            {
                return false;
            }

            value = (value << 3) | (long)(b - '0');
        }

        return true;
    }
}
