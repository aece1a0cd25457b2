using Builder.Cache.Layers;

namespace Builder.Executor.Snapshots;

/// <summary>
/// The writable root file system of one RUN step. <see cref="MergedPath"/> is what the sandbox
/// pivots into; <see cref="CommitAsync"/> turns what changed into a layer. Disposing removes
/// every mount and temp folder the session made; it is idempotent and safe after cancellation.
/// </summary>
internal abstract class RootfsSession : IAsyncDisposable, IDisposable
{
    private int _disposed;

    protected RootfsSession(string folder)
    {
        Folder = folder;
    }

    public abstract SnapshotterKind Kind { get; }

    /// <summary>The session's private folder under <c>ROOT/tmp</c>.</summary>
    public string Folder { get; }

    /// <summary>The root file system as the step sees it.</summary>
    public string MergedPath => Path.Combine(Folder, "merged");

    /// <summary>
    /// The diff in overlay-upper form: the overlay's upper dir; for the copy snapshotter the
    /// folder <see cref="CommitAsync"/> assembles the diff in (empty before).
    /// </summary>
    public string UpperPath => Path.Combine(Folder, "upper");

    /// <summary>Writes the changes made under <see cref="MergedPath"/> as one layer into the writer's store.</summary>
    public async Task<LayerResult> CommitAsync(LayerWriter writer, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        PrepareUpper(cancellationToken);
        var results = await writer.WriteAllAsync([LayerSource.OverlayUpper(UpperPath)], cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    /// <summary>
    /// After <see cref="CommitAsync"/>: an overlay's upper dir becomes the snapshot of the new
    /// layer (<paramref name="chain"/> ends with it) and the session is disposed. The copy
    /// snapshotter's diff folder is not in the snapshot store's form, so it is just disposed.
    /// </summary>
    public void KeepAsSnapshot(SnapshotStore snapshots, IReadOnlyList<LayerRef> chain)
    {
        if (Kind == SnapshotterKind.Overlay && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Release();
            snapshots.Adopt(chain, UpperPath);
            TreeDeleter.Delete(Folder);
        }

        Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Release();
            TreeDeleter.Delete(Folder);
        }
    }

    /// <summary>The same as <see cref="Dispose"/>: unmounting and deleting do not block on anything worth awaiting.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Makes <see cref="UpperPath"/> hold the diff (nothing to do for an overlay).</summary>
    protected abstract void PrepareUpper(CancellationToken cancellationToken);

    /// <summary>Undoes mounts before the folder is deleted.</summary>
    protected abstract void Release();
}
