using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Builder.Cache;
using Builder.Executor.Snapshots.Native;
using Builder.Parser.Instructions;

namespace Builder.Executor.Run;

/// <summary>
/// <c>RUN --mount=type=cache</c> folders: one per id (default: the target) under
/// <c>ROOT/cache/mounts/</c>, kept across builds and never part of a layer or a key. The first
/// use creates it with the mount's <c>uid</c>, <c>gid</c> and <c>mode</c> (0:0 0755). Sharing as
/// BuildKit: <c>shared</c> lets concurrent steps use it together, <c>locked</c> makes them take
/// turns (a store lock, so other builder processes wait too), <c>private</c> gives a step that
/// finds it in use a fresh folder that is discarded afterwards.
/// </summary>
internal sealed class CacheMounts(StoreRoot root)
{
    private static readonly ConcurrentDictionary<string, int> InUse = new(StringComparer.Ordinal);

    public string Folder => Path.Combine(root.Path, "cache", "mounts");

    /// <summary>The folder to bind for <paramref name="mount"/> and what to do when the step ends.</summary>
    public CacheLease Acquire(MountSpec mount, string target, CancellationToken ct)
    {
        var id = string.IsNullOrEmpty(mount.Id) ? target : mount.Id;
        var hex = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
        var path = Path.Combine(Folder, hex);
        StoreLock? storeLock = null;
        if (mount.Sharing == CacheSharing.Locked)
        {
            storeLock = StoreLock.Acquire(root, "cache-mount-" + hex, Timeout.InfiniteTimeSpan, ct);
        }

        int users = InUse.AddOrUpdate(path, 1, (_, n) => n + 1);
        string? privateCopy = null;
        if (mount.Sharing == CacheSharing.Private && users > 1)
        {
            privateCopy = Path.Combine(root.Temp, "cache-mount-" + Guid.NewGuid().ToString("N"));
            path = privateCopy;
        }

        if (!Directory.Exists(path))
        {
            Create(path, mount);
        }

        var key = Path.Combine(Folder, hex);
        return new CacheLease(path, () =>
        {
            InUse.AddOrUpdate(key, 0, (_, n) => n - 1);
            storeLock?.Dispose();
            if (privateCopy is not null && Directory.Exists(privateCopy))
            {
                Directory.Delete(privateCopy, recursive: true);
            }
        });
    }

    private void Create(string path, MountSpec mount)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".new-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(temp);
        var mode = mount.Mode is { } m ? Convert.ToUInt32(m, 8) : Convert.ToUInt32("755", 8);
        SnapshotLibC.Check(SnapshotLibC.chmod(temp, mode & 4095), "chmod", temp); // the permission and special bits (07777)
        var uid = mount.Uid is { } u ? int.Parse(u, CultureInfo.InvariantCulture) : 0;
        var gid = mount.Gid is { } g ? int.Parse(g, CultureInfo.InvariantCulture) : 0;
        if (uid != 0 || gid != 0)
        {
            SnapshotLibC.Check(SnapshotLibC.lchown(temp, uid, gid), "lchown", temp);
        }

        try
        {
            Directory.Move(temp, path);
        }
        catch (IOException) when (Directory.Exists(path))
        {
            Directory.Delete(temp); // another step created it first
        }
    }
}

/// <summary>A cache folder in use by one step; disposing it releases the folder (and its lock).</summary>
internal sealed class CacheLease(string path, Action release) : IDisposable
{
    private Action? _release = release;

    public string Path { get; } = path;

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
