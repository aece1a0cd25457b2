using System.Formats.Tar;
using System.Text;

namespace Builder.TestKit;

/// <summary>Small root file systems as tars with fixed headers (mtime 0, uid/gid 0), so their digests never change.</summary>
public static class TestRootfs
{
    /// <summary>Writes a ustar with <c>etc/</c> and the given files (mode 0644) to <paramref name="path"/>.</summary>
    public static string WriteTar(string path, params (string Name, string Content)[] files)
    {
        using var stream = File.Create(path);
        using var tar = new TarWriter(stream, TarEntryFormat.Ustar, leaveOpen: false);
        foreach (var dir in files.Select(f => Path.GetDirectoryName(f.Name)!).Where(d => d.Length > 0).Distinct().Order(StringComparer.Ordinal))
        {
            tar.WriteEntry(Fixed(new UstarTarEntry(TarEntryType.Directory, dir + "/"), "755"));
        }

        foreach (var (name, content) in files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var entry = Fixed(new UstarTarEntry(TarEntryType.RegularFile, name), "644");
            entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content));
            tar.WriteEntry(entry);
        }

        return path;
    }

    /// <summary>A one-file rootfs tar whose content is <paramref name="marker"/> (different markers, different layers).</summary>
    public static string WriteTar(string path, string marker) => WriteTar(path, ("etc/marker", marker + "\n"));

    private static UstarTarEntry Fixed(UstarTarEntry entry, string mode)
    {
        entry.ModificationTime = DateTimeOffset.UnixEpoch;
        entry.Uid = 0;
        entry.Gid = 0;
        entry.UserName = string.Empty;
        entry.GroupName = string.Empty;
        entry.Mode = (UnixFileMode)Convert.ToInt32(mode, 8);
        return entry;
    }
}
