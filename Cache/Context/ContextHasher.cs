using System.IO.Enumeration;
using Builder.Cache.Context.Native;

namespace Builder.Cache.Context;

/// <summary>
/// Walks a build context in place (nothing is copied) and reports every entry that the filter keeps,
/// in canonical order (<see cref="ContextPathComparer"/>), with the BLAKE3 hash of each regular
/// file's content. Symbolic links are recorded, never followed. File content is streamed through
/// one reused buffer; with a store, a persistent stat memo skips files whose lstat (size, mtime,
/// ctime, inode, device) is unchanged, so a rebuild with no change reads no file content.
/// </summary>
/// <remarks>One walk at a time per instance; <see cref="Statistics"/> describes the latest.</remarks>
public sealed class ContextHasher
{
    private readonly ContextHasherOptions _options;
    private Counters _counters = new();

    public ContextHasher(string contextPath, ContextHasherOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(contextPath);
        ContextPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(contextPath));
        _options = options ?? new ContextHasherOptions();
    }

    /// <summary>The context root, absolute.</summary>
    public string ContextPath { get; }

    /// <summary>What the latest walk did (so far, while one is running).</summary>
    public ContextHashStatistics Statistics => _counters.ToStatistics();

    /// <summary>
    /// Walks the context lazily. The stat memo is saved when the enumeration completes; a walk that
    /// is abandoned early leaves the previous memo as it was.
    /// </summary>
    /// <exception cref="ContextException">The context or an entry cannot be read.</exception>
    public IEnumerable<ContextEntry> Walk(CancellationToken cancellationToken = default)
    {
        // The root may be a symbolic link to the context (docker build follows it); nothing below it is followed.
        var rootErrno = FileStat.TryStat(ContextPath, followLinks: true, out var rootStat);
        if (rootErrno != 0 || rootStat.Type != ContextEntryType.Directory)
        {
            var why = rootErrno != 0 ? LibC.ErrorText(rootErrno) : $"it is a {rootStat.Type.ToString().ToLowerInvariant()}";
            throw new ContextException(ContextPath, $"{ContextPath}: the build context must be a directory ({why}). Pass an existing directory as the context.");
        }

        return WalkCore(cancellationToken);
    }

    /// <summary>Walks the whole context and keeps the entries (metadata and hashes, never content).</summary>
    public ContextSnapshot Snapshot(CancellationToken cancellationToken = default) =>
        new(Walk(cancellationToken).ToList());

    private IEnumerable<ContextEntry> WalkCore(CancellationToken cancellationToken)
    {
        long walkStartNs = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        long trustBeforeNs = walkStartNs - ((long)_options.RacyWindow.TotalMilliseconds * 1_000_000L);
        var memo = _options.Store is { } store ? ContextMemo.Load(store, ContextPath) : ContextMemo.Disabled(ContextPath);
        _counters = new Counters { Memo = memo.State };
        var filter = _options.Filter;
        using var files = new FileContentHasher(_options.BufferSize) { AfterOpen = _options.AfterOpen };

        var stack = new List<Frame> { new(string.Empty, ContextPath, ListChildren(ContextPath, "."), pending: null) };
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var top = stack[^1];
            if (top.Next == top.Children.Count)
            {
                stack.RemoveAt(stack.Count - 1);
                continue;
            }

            var name = top.Children[top.Next++];
            var rel = top.RelativePath.Length == 0 ? name : top.RelativePath + "/" + name;
            var full = top.FullPath + "/" + name;
            int errno = FileStat.TryLstat(full, out var stat);
            if (errno == LibC.ENoEnt && name.Contains('\uFFFD', StringComparison.Ordinal))
            {
                throw new ContextException(rel, $"{rel}: the file name is not valid UTF-8, so it cannot be part of a build context. Rename it, or exclude it in .dockerignore.");
            }

            if (errno == LibC.ENoEnt || errno == LibC.ENotDir)
            {
                continue; // removed since the directory was listed: it is simply not part of this walk
            }

            if (errno != 0)
            {
                throw StatError(rel, errno);
            }

            bool isDir = stat.Type == ContextEntryType.Directory;
            if (filter.Excludes(rel, isDir))
            {
                if (isDir && filter.DescendIntoExcluded?.Invoke(rel) == true)
                {
                    stack.Add(new Frame(rel, full, ListChildren(full, rel), pending: Metadata(rel, stat)));
                }

                continue;
            }

            foreach (var frame in stack)
            {
                if (frame.Pending is { } pending)
                {
                    frame.Pending = null;
                    _counters.Entries++;
                    yield return pending;
                }
            }

            var entry = stat.Type == ContextEntryType.File
                ? HashFile(files, memo, rel, full, stat, trustBeforeNs, cancellationToken)
                : Describe(rel, full, stat);
            if (entry is null)
            {
                continue; // removed while it was being read
            }

            _counters.Entries++;
            yield return entry;
            if (isDir)
            {
                stack.Add(new Frame(rel, full, ListChildren(full, rel), pending: null));
            }
        }

        _counters.FilesOpened = files.FilesOpened;
        _counters.BytesRead = files.BytesRead;
        memo.Save();
    }

    /// <summary>
    /// The entry of a path that lstat said is a regular file: from the memo when its stat is
    /// unchanged, else read and hashed. A file that changes meanwhile is stat'ed again and
    /// described as what it is then (null when it is gone).
    /// </summary>
    private ContextEntry? HashFile(FileContentHasher files, ContextMemo memo, string rel, string full, FileStat stat, long trustBeforeNs, CancellationToken cancellationToken)
    {
        _counters.Files++;
        if (memo.TryGet(rel, stat, out var remembered))
        {
            _counters.MemoHits++;
            return Entry(rel, stat, linkTarget: null, remembered);
        }

        for (int attempt = 1; attempt <= FileContentHasher.MaxAttempts; attempt++)
        {
            var result = files.TryHash(full, rel, stat, cancellationToken);
            _counters.FilesOpened = files.FilesOpened;
            _counters.BytesRead = files.BytesRead;
            if (result is { } r)
            {
                _counters.FilesHashed++;
                if (Math.Max(r.Stat.MtimeNs, r.Stat.CtimeNs) < trustBeforeNs)
                {
                    memo.Record(rel, r.Stat, r.Hash);
                }

                return Entry(rel, r.Stat, linkTarget: null, r.Hash);
            }

            int errno = FileStat.TryLstat(full, out stat);
            if (errno is LibC.ENoEnt or LibC.ENotDir)
            {
                _counters.Files--;
                return null;
            }

            if (errno != 0)
            {
                throw StatError(rel, errno);
            }

            if (stat.Type != ContextEntryType.File)
            {
                _counters.Files--;
                return Describe(rel, full, stat);
            }
        }

        throw FileContentHasher.KeptChanging(rel);
    }

    private static ContextEntry? Describe(string rel, string full, FileStat stat) =>
        stat.Type == ContextEntryType.Symlink ? Link(rel, full, stat) : Metadata(rel, stat);

    private static ContextException StatError(string rel, int errno) => new(rel,
        $"{rel}: cannot stat: {LibC.ErrorText(errno)}. Make it readable by the user running the build, or exclude it in .dockerignore.");

    private static ContextEntry? Link(string rel, string full, FileStat stat)
    {
        string? target;
        try
        {
            target = new FileInfo(full).LinkTarget;
        }
        catch (IOException e)
        {
            throw new ContextException(rel, $"{rel}: cannot read the symbolic link: {e.Message}", e);
        }

        // Null: removed or replaced since lstat; the walk leaves it out as if listed a moment later.
        return target is null ? null : Entry(rel, stat, target, contentHash: null);
    }

    private static ContextEntry Metadata(string rel, FileStat stat) => Entry(rel, stat, linkTarget: null, contentHash: null);

    private static ContextEntry Entry(string rel, FileStat stat, string? linkTarget, Blake3Hash? contentHash) =>
        new(rel, stat.Type, stat.Permissions, stat.Uid, stat.Gid, stat.Type == ContextEntryType.File ? stat.Size : 0, linkTarget, contentHash);

    private static List<string> ListChildren(string fullPath, string displayPath)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = false,
            AttributesToSkip = 0,
            IgnoreInaccessible = false,
            ReturnSpecialDirectories = false,
        };
        try
        {
            var names = new FileSystemEnumerable<string>(fullPath, static (ref FileSystemEntry e) => e.FileName.ToString(), options).ToList();
            names.Sort(ContextPathComparer.Instance);
            return names;
        }
        catch (DirectoryNotFoundException)
        {
            return []; // removed since it was stat'ed: reported empty, as it was a moment before
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContextException(displayPath, $"{displayPath}: cannot list the directory: {e.Message} Make it readable by the user running the build, or exclude it in .dockerignore.", e);
        }
    }

    private sealed class Frame(string relativePath, string fullPath, List<string> children, ContextEntry? pending)
    {
        public string RelativePath { get; } = relativePath;

        public string FullPath { get; } = fullPath;

        public List<string> Children { get; } = children;

        public int Next { get; set; }

        /// <summary>An excluded directory walked for re-included entries, reported before the first one.</summary>
        public ContextEntry? Pending { get; set; } = pending;
    }

    private sealed class Counters
    {
        public int Entries;
        public int Files;
        public int MemoHits;
        public int FilesHashed;
        public long FilesOpened;
        public long BytesRead;
        public ContextMemoState Memo = ContextMemoState.Disabled;

        public ContextHashStatistics ToStatistics() => new(Entries, Files, MemoHits, FilesHashed, FilesOpened, BytesRead, Memo);
    }
}
