using System.Formats.Tar;

namespace Builder.Cache.Tests.Layers.Support;

/// <summary>Reads a tar back with System.Formats.Tar, an independent reader.</summary>
internal static class TarEntries
{
    public static List<TarEntry> Read(byte[] tar)
    {
        using var reader = new TarReader(new MemoryStream(tar));
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            entries.Add(entry);
        }

        return entries;
    }
}
