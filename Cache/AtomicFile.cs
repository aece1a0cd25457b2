namespace Builder.Cache;

/// <summary>Writes a whole file so readers see the old or the new content, never a part.</summary>
public static class AtomicFile
{
    /// <param name="flushToDisk">
    /// Whether the content reaches the disk before the rename (the image index: losing it loses
    /// tags). Caches that are rebuilt when missing or damaged skip it to stay off the hot path.
    /// </param>
    public static void WriteAllBytes(StoreRoot root, string path, ReadOnlySpan<byte> content, bool flushToDisk = true)
    {
        Directory.CreateDirectory(root.Temp);
        var temp = System.IO.Path.Combine(root.Temp, $"{System.IO.Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
