namespace Builder.Executor.Snapshots;

/// <summary>An overlayfs over the chain's snapshots, with upper and work dirs in the session folder.</summary>
internal sealed class OverlayRootfs : RootfsSession
{
    private bool _mounted;

    private OverlayRootfs(string folder)
        : base(folder)
    {
    }

    public override SnapshotterKind Kind => SnapshotterKind.Overlay;

    public string WorkPath => Path.Combine(Folder, "work");

    /// <param name="lowerBottomFirst">Snapshot folders, bottom layer first; empty for FROM scratch.</param>
    /// <param name="volatileUpper">No syncs of the upper dir (<see cref="OverlayMount.Mount"/>): build steps.</param>
    public static OverlayRootfs Mount(string folder, IReadOnlyList<string> lowerBottomFirst, bool volatileUpper = false)
    {
        var session = new OverlayRootfs(folder);
        try
        {
            Directory.CreateDirectory(session.UpperPath);
            Directory.CreateDirectory(session.WorkPath);
            Directory.CreateDirectory(session.MergedPath);
            var lowers = lowerBottomFirst;
            if (lowers.Count == 0)
            {
                // overlayfs needs a lower dir even when the step starts from nothing.
                var empty = Path.Combine(folder, "empty");
                Directory.CreateDirectory(empty);
                lowers = [empty];
            }

            OverlayMount.Mount(lowers, session.UpperPath, session.WorkPath, session.MergedPath, volatileUpper);
            session._mounted = true;
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    protected override void PrepareUpper(CancellationToken cancellationToken)
    {
    }

    protected override void Release()
    {
        if (_mounted)
        {
            OverlayMount.Unmount(MergedPath);
            _mounted = false;
        }
    }
}
