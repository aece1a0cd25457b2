using System.Security.Cryptography;
using System.Text;

namespace Builder.Cache.Context;

/// <summary>One remembered file: the stat stamps under which <see cref="Hash"/> was its content hash.</summary>
internal readonly record struct MemoEntry(long Size, long MtimeNs, long CtimeNs, ulong Inode, ulong Device, Blake3Hash Hash)
{
    public static MemoEntry From(in FileStat stat, Blake3Hash hash) =>
        new(stat.Size, stat.MtimeNs, stat.CtimeNs, stat.Inode, stat.Device, hash);

    public bool Matches(in FileStat stat) =>
        Size == stat.Size && MtimeNs == stat.MtimeNs && CtimeNs == stat.CtimeNs && Inode == stat.Inode && Device == stat.Device;
}

/// <summary>
/// The persistent stat memo of one context directory: relative path → (size, mtime ns, ctime ns,
/// inode, device) → content hash. A file whose lstat still matches is not read again. The memo
/// lives in <c>&lt;store&gt;/context-memo/&lt;sha256 of the context's absolute path&gt;.bin</c>; a
/// missing, foreign or corrupted file is ignored (the walk rebuilds it). Saving keeps only the
/// files seen by the walk that saves, so deleted files do not accumulate.
/// </summary>
internal sealed class ContextMemo
{
    private readonly StoreRoot? _store;
    private readonly Dictionary<string, MemoEntry> _previous;
    private readonly Dictionary<string, MemoEntry> _current = new(StringComparer.Ordinal);

    private ContextMemo(StoreRoot? store, string contextPath, string? file, Dictionary<string, MemoEntry> previous, ContextMemoState state)
    {
        _store = store;
        ContextPath = contextPath;
        FilePath = file;
        _previous = previous;
        State = state;
    }

    public string ContextPath { get; }

    /// <summary>The memo file; null when there is no store.</summary>
    public string? FilePath { get; }

    public ContextMemoState State { get; }

    public int Count => _current.Count;

    /// <summary>An in-memory memo that is never loaded nor saved.</summary>
    public static ContextMemo Disabled(string contextPath) =>
        new(null, contextPath, null, new(StringComparer.Ordinal), ContextMemoState.Disabled);

    public static string PathFor(StoreRoot store, string contextPath)
    {
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(contextPath)));
        return Path.Combine(store.ContextMemo, name + ".bin");
    }

    /// <summary>Loads the memo of <paramref name="contextPath"/> (absolute); never throws for a bad file.</summary>
    public static ContextMemo Load(StoreRoot store, string contextPath)
    {
        var file = PathFor(store, contextPath);
        var state = ContextMemoFormat.TryRead(file, contextPath, out var entries);
        return new ContextMemo(store, contextPath, file, entries, state);
    }

    /// <summary>The remembered hash of <paramref name="path"/> when its stat is unchanged.</summary>
    public bool TryGet(string path, in FileStat stat, out Blake3Hash hash)
    {
        if (_previous.TryGetValue(path, out var entry) && entry.Matches(stat))
        {
            _current[path] = entry;
            hash = entry.Hash;
            return true;
        }

        hash = default;
        return false;
    }

    public void Record(string path, in FileStat stat, Blake3Hash hash) => _current[path] = MemoEntry.From(stat, hash);

    /// <summary>
    /// Writes the files seen by this walk atomically (temporary file, then rename). The memo is
    /// only a cache: when it cannot be written (read-only store, full disk) the walk's result
    /// stands and the next walk reads the files again; false tells so.
    /// </summary>
    public bool Save()
    {
        if (_store is null || FilePath is null)
        {
            return false;
        }

        string? temp = null;
        try
        {
            Directory.CreateDirectory(_store.ContextMemo);
            Directory.CreateDirectory(_store.Temp);
            temp = Path.Combine(_store.Temp, $"{Path.GetFileName(FilePath)}.{Guid.NewGuid():N}.tmp");
            ContextMemoFormat.Write(temp, ContextPath, _current);
            File.Move(temp, FilePath, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        finally
        {
            if (temp is not null)
            {
                File.Delete(temp);
            }
        }
    }
}
