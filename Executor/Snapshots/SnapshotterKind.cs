namespace Builder.Executor.Snapshots;

/// <summary>How a RUN step's root file system is made.</summary>
internal enum SnapshotterKind
{
    /// <summary>An overlayfs mount over the chain's snapshots; the upper dir is the diff.</summary>
    Overlay,

    /// <summary>The chain's layers applied into a fresh folder; the diff is computed at commit.</summary>
    Copy,
}
