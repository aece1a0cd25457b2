namespace Builder.Executor.Snapshots;

/// <summary>Removes a temp tree the snapshotter made, without following symlinks out of it.</summary>
internal static class TreeDeleter
{
    public static void Delete(string path)
    {
        try
        {
            // Directory.Delete unlinks symlinks rather than following them, and as root ignores modes.
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
