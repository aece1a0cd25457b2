using System.Collections.Immutable;
using System.Formats.Tar;
using System.Text;

namespace Builder.Cache.Layers;

/// <summary>A tar entry with its extended attributes as raw bytes (name without <c>SCHILY.xattr.</c>).</summary>
internal sealed record LayerTarEntry(TarEntry Entry, ImmutableDictionary<string, byte[]> Xattrs);

/// <summary>
/// Reads entries with <see cref="TarReader"/> (V7, ustar, PAX, GNU) from a non-seekable stream,
/// never buffering a data section, and attaches the raw xattr values framed by
/// <see cref="TarHeaderTap"/> after checking that the tap and the reader agree on each entry.
/// Every malformed-stream exception becomes a <see cref="LayerApplyException"/> naming the last
/// entry read; a stream ending without its end-of-archive marker is reported as truncated.
/// </summary>
internal sealed class TarEntryReader : IDisposable
{
    private const string XattrKeyPrefix = "SCHILY.xattr.";
    private readonly TarHeaderTap _tap;
    private readonly TarReader _reader;
    private readonly LayerApplierErrors _errors;
    private string? _previous;

    public TarEntryReader(Stream tar, LayerApplierErrors errors)
    {
        _tap = new TarHeaderTap(tar);
        _reader = new TarReader(_tap, leaveOpen: true);
        _errors = errors;
    }

    public async ValueTask<LayerTarEntry?> NextAsync(CancellationToken cancellationToken)
    {
        TarEntry? entry;
        try
        {
            entry = await _reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsMalformed(e))
        {
            throw StreamError(e is EndOfStreamException ? "is truncated" : $"is corrupt: {e.Message}", e);
        }

        if (entry is null)
        {
            if (!_tap.ReachedEnd)
            {
                throw StreamError("is truncated: it ends without the end-of-archive marker", null);
            }

            return null;
        }

        var header = _tap.TakeHeader();
        if (header is null || !SameType(header.TypeFlag, entry.EntryType))
        {
            throw _errors.Corrupt(entry.Name, $"is framed differently by two readers ({_tap.Problem ?? "type mismatch"})", null);
        }

        _previous = entry.Name;
        return new LayerTarEntry(entry, CheckXattrs(entry, header.Xattrs));
    }

    public void Dispose() => _reader.Dispose();

    /// <summary>Whether an exception from reading the stream means the layer bytes are bad (not an I/O failure of ours).</summary>
    public static bool IsMalformed(Exception e) =>
        e is InvalidDataException or EndOfStreamException or FormatException or NotSupportedException
            or InvalidOperationException or ArgumentException or OverflowException;

    private LayerApplyException StreamError(string what, Exception? inner) =>
        _previous is null
            ? _errors.Corrupt(null, $"layer stream {what} at its start", inner)
            : _errors.Corrupt(_previous, $"is followed by a layer stream that {what}", inner);

    private ImmutableDictionary<string, byte[]> CheckXattrs(TarEntry entry, ImmutableDictionary<string, byte[]> raw)
    {
        if (entry is not PaxTarEntry pax)
        {
            return ImmutableDictionary<string, byte[]>.Empty;
        }

        int seen = 0;
        foreach (var (key, value) in pax.ExtendedAttributes)
        {
            if (key.StartsWith("GNU.sparse.", StringComparison.Ordinal))
            {
                throw _errors.Corrupt(entry.Name, "is a GNU sparse file, which layers do not use and the applier does not support", null);
            }

            if (!key.StartsWith(XattrKeyPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            seen++;
            var name = key.Substring(XattrKeyPrefix.Length);
            if (!raw.TryGetValue(name, out var bytes) || Encoding.UTF8.GetString(bytes) != value)
            {
                throw _errors.Corrupt(entry.Name, $"has extended attribute '{name}' framed differently by two readers", null);
            }
        }

        if (seen != raw.Count)
        {
            throw _errors.Corrupt(entry.Name, "has extended attributes framed differently by two readers", null);
        }

        return raw;
    }

    private static bool SameType(byte tapFlag, TarEntryType type)
    {
        static byte Norm(byte b) => b == 0 ? (byte)'0' : b;
        return Norm(tapFlag) == Norm((byte)type);
    }
}
