using System.Globalization;
using System.Text;

namespace Builder.Cache.Layers.Tar;

/// <summary>
/// The records of one PAX extended header (typeflag 'x'): <c>"LEN KEY=VALUE\n"</c>, where LEN
/// counts the whole record including its own digits. Keys are written in ordinal byte order so
/// the same entry always encodes the same way.
/// </summary>
internal sealed class PaxRecords
{
    public const string PathKey = "path";
    public const string LinkPathKey = "linkpath";
    public const string SizeKey = "size";
    public const string UidKey = "uid";
    public const string GidKey = "gid";
    public const string MTimeKey = "mtime";
    public const string XattrPrefix = "SCHILY.xattr.";

    private readonly List<(byte[] Key, byte[] Value)> _records = [];

    public int Count => _records.Count;

    public void Add(string key, ReadOnlySpan<byte> value) => _records.Add((Encoding.UTF8.GetBytes(key), value.ToArray()));

    public void Add(string key, long value) => Add(key, Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The encoded records, sorted by key.</summary>
    public byte[] Encode()
    {
        _records.Sort((a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        using var output = new MemoryStream();
        foreach (var (key, value) in _records)
        {
            // " KEY=VALUE\n" plus the length's own digits, which may carry it to one more digit.
            int body = 1 + key.Length + 1 + value.Length + 1;
            int length = body + Digits(body);
            if (Digits(length) != Digits(body))
            {
                length = body + Digits(length);
            }

            output.Write(Encoding.ASCII.GetBytes(length.ToString(CultureInfo.InvariantCulture)));
            output.WriteByte((byte)' ');
            output.Write(key);
            output.WriteByte((byte)'=');
            output.Write(value);
            output.WriteByte((byte)'\n');
        }

        return output.ToArray();
    }

    private static int Digits(int n) => n.ToString(CultureInfo.InvariantCulture).Length;
}
