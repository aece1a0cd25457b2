using Builder.Cache;
using Builder.Cache.Images;
using Builder.Executor.Snapshots;

namespace Builder.Executor.Caching;

/// <summary>What <see cref="BuildCachePruner.PruneAll"/> removed.</summary>
public sealed record BuildCachePruneResult(int StepRecords, int Snapshots, int CacheMounts, bool SnapshotsKept);

/// <summary>
/// <c>builder prune --all</c> (docker's <c>builder prune -a</c>): the whole build cache — step
/// records, <c>--explain</c> records, <c>RUN --mount=type=cache</c> folders and the unpacked
/// snapshots of layers no image of the store has — so the next build runs every step. The
/// snapshots of stored images stay, as docker keeps its images' unpacked layers: they are the
/// images, not cache. Layer blobs go with the image garbage collection that follows (no record
/// holds them any more). Every snapshot stays while any container exists, since a container's
/// root file system is an overlay on them. Like docker's, it is meant for when no build is running.
/// </summary>
public static class BuildCachePruner
{
    public static BuildCachePruneResult PruneAll(ImageStore images, bool containersExist)
    {
        var root = images.Root;
        int steps = Clear(root, Path.Combine(root.Path, "cache", "steps"));
        Clear(root, Path.Combine(root.Path, "cache", "explain"));
        int mounts = Clear(root, Path.Combine(root.Path, "cache", "mounts"));
        int snapshots = 0;
        if (!containersExist)
        {
            var keep = images.List().SelectMany(i => ChainId.ForEach(i.Config.RootFs.DiffIds)).ToHashSet();
            snapshots = new SnapshotStore(root).Prune(keep).Length;
        }

        return new BuildCachePruneResult(steps, snapshots, mounts, containersExist);
    }

    /// <summary>Renames the folder into <c>ROOT/tmp</c> first, so a half-deleted cache is never read.</summary>
    private static int Clear(StoreRoot root, string folder)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        int count = Directory.EnumerateFileSystemEntries(folder).Count();
        var doomed = Path.Combine(root.Temp, "prune-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root.Temp);
        Directory.Move(folder, doomed);
        Snapshots.TreeDeleter.Delete(doomed);
        return count;
    }
}
