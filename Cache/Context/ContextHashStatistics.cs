namespace Builder.Cache.Context;

/// <summary>What one walk did: how much it found, how much the stat memo spared, what it read.</summary>
/// <param name="Entries">Entries reported (files, directories, links, special files).</param>
/// <param name="Files">Regular files among them.</param>
/// <param name="MemoHits">Regular files whose hash came from the stat memo, unread.</param>
/// <param name="FilesHashed">Regular files whose content was read and hashed.</param>
/// <param name="FilesOpened">open(2) calls on files (a file that changed while read counts again).</param>
/// <param name="BytesRead">Content bytes read.</param>
/// <param name="Memo">What happened to the memo file when the walk started.</param>
public sealed record ContextHashStatistics(
    int Entries,
    int Files,
    int MemoHits,
    int FilesHashed,
    long FilesOpened,
    long BytesRead,
    ContextMemoState Memo)
{
    public static ContextHashStatistics Empty { get; } = new(0, 0, 0, 0, 0, 0, ContextMemoState.Disabled);
}

/// <summary>The state of the stat memo at the start of a walk.</summary>
public enum ContextMemoState
{
    /// <summary>No store was given: every file is read.</summary>
    Disabled,

    /// <summary>No memo file yet (first walk of this context).</summary>
    Missing,

    /// <summary>Loaded.</summary>
    Loaded,

    /// <summary>Unreadable, of another version, or corrupted: ignored and rebuilt by this walk.</summary>
    Discarded,
}
