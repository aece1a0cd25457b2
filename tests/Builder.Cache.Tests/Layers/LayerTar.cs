using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Builder.Cache.Tests.Layers;

/// <summary>Builds test layers with TarWriter (PAX), one fluent call per entry.</summary>
internal sealed class LayerTar
{
    public static readonly DateTimeOffset DefaultTime = new(2020, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly MemoryStream _buffer = new();
    private readonly TarWriter _writer;

    public LayerTar(TarEntryFormat format = TarEntryFormat.Pax)
    {
        Format = format;
        _writer = new TarWriter(_buffer, format, leaveOpen: true);
    }

    public TarEntryFormat Format { get; }

    public LayerTar Add(TarEntry entry)
    {
        _writer.WriteEntry(entry);
        return this;
    }

    public LayerTar File(string name, string content, UnixFileMode mode = (UnixFileMode)0x1A4, int uid = 0, int gid = 0, DateTimeOffset? mtime = null, IEnumerable<KeyValuePair<string, string>>? pax = null)
    {
        var entry = Entry(TarEntryType.RegularFile, name, mode, uid, gid, mtime, pax);
        entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        return Add(entry);
    }

    public LayerTar Dir(string name, UnixFileMode mode = (UnixFileMode)0x1ED, int uid = 0, int gid = 0, DateTimeOffset? mtime = null) =>
        Add(Entry(TarEntryType.Directory, name, mode, uid, gid, mtime, null));

    public LayerTar Symlink(string name, string target, int uid = 0, int gid = 0)
    {
        var entry = Entry(TarEntryType.SymbolicLink, name, (UnixFileMode)0x1FF, uid, gid, null, null);
        entry.LinkName = target;
        return Add(entry);
    }

    public LayerTar Hardlink(string name, string target)
    {
        var entry = Entry(TarEntryType.HardLink, name, (UnixFileMode)0x1A4, 0, 0, null, null);
        entry.LinkName = target;
        return Add(entry);
    }

    public LayerTar Device(TarEntryType type, string name, int major, int minor, UnixFileMode mode = (UnixFileMode)0x1B6)
    {
        var entry = (PosixTarEntry)Entry(type, name, mode, 0, 0, null, null);
        if (type != TarEntryType.Fifo)
        {
            entry.DeviceMajor = major;
            entry.DeviceMinor = minor;
        }

        return Add(entry);
    }

    public LayerTar Whiteout(string directory, string name) => File(Join(directory, ".wh." + name), string.Empty);

    public LayerTar Opaque(string directory) => File(Join(directory, ".wh..wh..opq"), string.Empty);

    public byte[] ToArray()
    {
        _writer.Dispose();
        return _buffer.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static string Join(string directory, string name) => directory.Length == 0 ? name : directory.TrimEnd('/') + "/" + name;

    private TarEntry Entry(TarEntryType type, string name, UnixFileMode mode, int uid, int gid, DateTimeOffset? mtime, IEnumerable<KeyValuePair<string, string>>? pax)
    {
        TarEntry entry = Format switch
        {
            TarEntryFormat.Pax => pax is null ? new PaxTarEntry(type, name) : new PaxTarEntry(type, name, pax),
            TarEntryFormat.Gnu => new GnuTarEntry(type, name),
            TarEntryFormat.Ustar => new UstarTarEntry(type, name),
            _ => new V7TarEntry(type == TarEntryType.RegularFile ? TarEntryType.V7RegularFile : type, name),
        };
        entry.Mode = mode;
        entry.Uid = uid;
        entry.Gid = gid;
        entry.ModificationTime = mtime ?? DefaultTime;
        return entry;
    }
}
