namespace Builder.Cache.Context;

/// <summary>How a <see cref="ContextHasher"/> walks and hashes a context.</summary>
public sealed record ContextHasherOptions
{
    /// <summary>Which paths to leave out; by default none.</summary>
    public ContextFilter Filter { get; init; } = ContextFilter.None;

    /// <summary>
    /// The store whose <c>context-memo/</c> keeps the stat memo between walks (so an unchanged file
    /// is never read twice); null walks without a memo and reads every file.
    /// </summary>
    public StoreRoot? Store { get; init; }

    /// <summary>The read buffer, reused for every file: 1 MiB by default.</summary>
    public int BufferSize { get; init; } = FileContentHasher.DefaultBufferSize;

    /// <summary>
    /// A file whose mtime or ctime is this close to the start of the walk (or later) is hashed but
    /// not memoized: a write in the same timestamp tick could otherwise go unnoticed (git's "racy
    /// clean" problem). Kernel timestamps are at worst a few milliseconds coarse.
    /// </summary>
    internal TimeSpan RacyWindow { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Test hook: runs after a file is opened and before its content is read.</summary>
    internal Action<string>? AfterOpen { get; init; }
}
