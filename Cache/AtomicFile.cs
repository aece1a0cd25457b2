namespace Builder.Cache;

/// <summary>Writes a whole file so readers see the old or the new content, never a part.</summary>
internal static class AtomicFile
{
    public static void WriteAllBytes(StoreRoot root, string path, ReadOnlySpan<byte> content)
    {
        Directory.CreateDirectory(root.Temp);
        var temp = System.IO.Path.Combine(root.Temp, $"{System.IO.Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
