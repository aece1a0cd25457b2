using Builder.Cache.Layers;
using Builder.Cache.Oci;

namespace Builder.Executor.Snapshots;

/// <summary>
/// The copy snapshotter's root file system: the chain's layers applied into a fresh folder, a
/// <see cref="TreeManifest"/> of the result, and at commit the diff against it (<see cref="CopyDiff"/>).
/// Works where overlayfs cannot be mounted (nested overlays, no privilege), at the cost of
/// unpacking the whole chain for every step.
/// </summary>
internal sealed class CopyRootfs : RootfsSession
{
    private TreeManifest? _baseline;

    private CopyRootfs(string folder)
        : base(folder)
    {
    }

    public override SnapshotterKind Kind => SnapshotterKind.Copy;

    public static async Task<CopyRootfs> MaterializeAsync(string folder, IReadOnlyList<LayerRef> layers, SnapshotStore blobs, CancellationToken cancellationToken)
    {
        var session = new CopyRootfs(folder);
        try
        {
            Directory.CreateDirectory(session.MergedPath);
            Native.SnapshotLibC.Check(Native.SnapshotLibC.chmod(session.MergedPath, 0x1ED /* 0755 */), "chmod", session.MergedPath);
            foreach (var layer in layers)
            {
                await using var blob = blobs.OpenBlob(layer);
                var options = new ApplyOptions { Target = ApplyTarget.Existing, Expected = layer.Blob, ExpectedDiffId = layer.DiffId };
                await LayerApplier.ApplyAsync(blob, MediaTypes.CompressionOf(layer.Blob.MediaType), session.MergedPath, options, cancellationToken).ConfigureAwait(false);
            }

            session._baseline = TreeManifest.Capture(session.MergedPath, cancellationToken);
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
        // A second commit starts over, so it sees every change since the snapshot, not since the first commit.
        TreeDeleter.Delete(UpperPath);
        CopyDiff.Write(MergedPath, UpperPath, _baseline!, cancellationToken);
    }

    protected override void Release()
    {
    }
}
