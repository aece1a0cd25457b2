namespace Builder.Cache;

/// <summary>
/// Where a store lives: <c>--root</c>, else <c>BUILDER_ROOT</c>, else <c>$XDG_DATA_HOME/builder</c>,
/// else <c>~/.local/share/builder</c>. The folder is an OCI image layout (blobs/, index.json,
/// oci-layout), so OCI tools can read it directly.
/// </summary>
public sealed record StoreRoot(string Path)
{
    public string Blobs => System.IO.Path.Combine(Path, "blobs", "sha256");

    /// <summary>Temporary files, on the same file system as the blobs so renames are atomic.</summary>
    public string Temp => System.IO.Path.Combine(Path, "tmp");

    public string Locks => System.IO.Path.Combine(Path, "locks");

    /// <summary>Stat memos of build contexts, one file per context directory (see Context/ContextMemo).</summary>
    public string ContextMemo => System.IO.Path.Combine(Path, "context-memo");

    public static StoreRoot Resolve(string? option = null)
    {
        if (!string.IsNullOrEmpty(option))
        {
            return new StoreRoot(System.IO.Path.GetFullPath(option!));
        }

        var fromEnv = Environment.GetEnvironmentVariable("BUILDER_ROOT");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return new StoreRoot(System.IO.Path.GetFullPath(fromEnv));
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(xdg))
        {
            xdg = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return new StoreRoot(System.IO.Path.Combine(xdg, "builder"));
    }

    /// <summary>Creates the folders and the <c>oci-layout</c> marker if they are missing.</summary>
    public StoreRoot EnsureCreated()
    {
        Directory.CreateDirectory(Blobs);
        Directory.CreateDirectory(Temp);
        Directory.CreateDirectory(Locks);
        var layout = System.IO.Path.Combine(Path, "oci-layout");
        if (!File.Exists(layout) || new FileInfo(layout).Length == 0)
        {
            // Not fsynced: every build makes a staging store, and an fsync there waits for all the
            // data the kernel is still writing back (ext4 commits it with the journal). A marker
            // lost to a crash comes back empty or missing, and is written again here.
            AtomicFile.WriteAllBytes(this, layout, "{\"imageLayoutVersion\":\"1.0.0\"}"u8, flushToDisk: false);
        }

        return this;
    }
}
