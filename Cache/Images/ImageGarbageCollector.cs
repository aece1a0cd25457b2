using System.Collections.Immutable;
using Builder.Cache.Oci;

namespace Builder.Cache.Images;

/// <summary>What <c>builder prune</c> removed.</summary>
public sealed record PruneResult(ImmutableArray<Digest> DeletedImages, int DeletedBlobs, int DeletedTempFiles, long ReclaimedBytes);

/// <summary>
/// <c>builder prune</c>: removes dangling (untagged) images, then every blob that no tagged image
/// reaches, and temp files older than <see cref="TempFileAge"/> (younger ones may belong to a
/// write in progress). Runs under the store lock, so no tag changes meanwhile; a write that stored
/// blobs but has not tagged them yet finds them gone when it tags and fails with a clear message.
/// </summary>
public static class ImageGarbageCollector
{
    public static readonly TimeSpan TempFileAge = TimeSpan.FromHours(1);

    public static PruneResult Prune(ImageStore store)
    {
        PruneResult? result = null;
        var dangling = store.Update(
            index =>
            {
                var gone = index.Manifests.Where(d => StoreIndex.NameOf(d) is null).ToList();
                var kept = new StoreIndex(index.Manifests.RemoveAll(d => StoreIndex.NameOf(d) is null));
                return (kept, gone.Select(d => d.Digest).Distinct().ToImmutableArray());
            },
            (_, after) =>
            {
                var live = BlobGraph.Reachable(store.Content, after.Manifests);
                int blobs = 0;
                long bytes = 0;
                foreach (var digest in store.Content.List().ToList())
                {
                    if (live.Contains(digest))
                    {
                        continue;
                    }

                    long size = store.Content.SizeOf(digest) ?? 0;
                    if (store.Content.Delete(digest))
                    {
                        blobs++;
                        bytes += size;
                    }
                }

                var (temps, tempBytes) = DeleteOldTempFiles(store);
                result = new PruneResult([], blobs, temps, bytes + tempBytes);
            });
        return result! with { DeletedImages = dangling };
    }

    private static (int Count, long Bytes) DeleteOldTempFiles(ImageStore store)
    {
        var cutoff = store.Time.GetUtcNow().UtcDateTime - TempFileAge;
        var temp = new DirectoryInfo(store.Root.Temp);
        if (!temp.Exists)
        {
            return (0, 0);
        }

        int count = 0;
        long bytes = 0;
        foreach (var entry in temp.EnumerateFileSystemInfos())
        {
            if (entry.LastWriteTimeUtc >= cutoff)
            {
                continue;
            }

            try
            {
                if (entry is DirectoryInfo dir)
                {
                    bytes += dir.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
                    dir.Delete(recursive: true);
                }
                else
                {
                    bytes += ((FileInfo)entry).Length;
                    entry.Delete();
                }

                count++;
            }
            catch (IOException)
            {
                // Removed meanwhile by its owner: nothing to reclaim.
            }
        }

        return (count, bytes);
    }
}
