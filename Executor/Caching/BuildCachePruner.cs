using Builder.Cache;

namespace Builder.Executor.Caching;

/// <summary>What <see cref="BuildCachePruner.PruneAll"/> removed.</summary>
public sealed record BuildCachePruneResult(int StepRecords, int Snapshots, int CacheMounts, bool SnapshotsKept);

/// <summary>
/// <c>builder prune --all</c> (docker's <c>builder prune -a</c>): the whole build cache — step
/// records, <c>--explain</c> records, <c>RUN --mount=type=cache</c> folders and the unpacked
/// layer snapshots — so the next build runs every step. Layer blobs go with the image garbage
/// collection that follows (no record holds them any more). Snapshots stay while any container
/// exists, since a container's root file system is an overlay on them. Like docker's, it is meant
/// for when no build is running.
/// </summary>
public static class BuildCachePruner
{
    public static BuildCachePruneResult PruneAll(StoreRoot root, bool containersExist)
    {
        int steps = Clear(root, Path.Combine(root.Path, "cache", "steps"));
        Clear(root, Path.Combine(root.Path, "cache", "explain"));
        int mounts = Clear(root, Path.Combine(root.Path, "cache", "mounts"));
        int snapshots = containersExist ? 0 : Clear(root, Path.Combine(root.Path, "snapshots"));
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
