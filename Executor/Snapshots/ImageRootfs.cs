using Builder.Cache.Images;

namespace Builder.Executor.Snapshots;

/// <summary>
/// A container's writable root file system: an overlay on the image's layer snapshots (unpacked
/// once into the store, never copied), or the copy fallback where overlayfs cannot be mounted.
/// It lives in a folder the caller chooses, so a detached container's root can outlive this
/// process and be released later by path (<see cref="Release"/>).
/// </summary>
public sealed class ImageRootfs : IDisposable
{
    private readonly RootfsSession _session;

    private ImageRootfs(RootfsSession session) => _session = session;

    /// <summary>The root file system as the container sees it.</summary>
    public string MergedPath => _session.MergedPath;

    /// <summary>The folder holding the mount point, upper and work dirs.</summary>
    public string Folder => _session.Folder;

    /// <summary>Mounts (or materialises) <paramref name="image"/>'s layers under <paramref name="folder"/>, which must not exist yet.</summary>
    public static async Task<ImageRootfs> PrepareAsync(ImageStore store, StoredImage image, string folder, CancellationToken ct)
    {
        var root = store.Root;
        var snapshotter = new Snapshotter(root, new SnapshotStore(root, store.Content));
        var diffIds = image.Config.RootFs.DiffIds;
        if (diffIds.Length != image.Manifest.Layers.Length)
        {
            throw new IOException($"image {image.Id.ToShortString()} has {image.Manifest.Layers.Length} layers but {diffIds.Length} diff ids in its config; the image is damaged: load or build it again.");
        }

        var chain = LayerRef.Chain(image.Manifest.Layers, diffIds).ToList();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(folder))!);
        Directory.CreateDirectory(folder);
        try
        {
            if (snapshotter.Kind == SnapshotterKind.Copy)
            {
                return new ImageRootfs(await CopyRootfs.MaterializeAsync(folder, chain, snapshotter.Snapshots, ct).ConfigureAwait(false));
            }

            var lowers = await snapshotter.Snapshots.EnsureChainAsync(chain, ct).ConfigureAwait(false);
            return new ImageRootfs(OverlayRootfs.Mount(folder, lowers));
        }
        catch
        {
            TreeDeleter.Delete(folder);
            throw;
        }
    }

    /// <summary>
    /// Unpacks <paramref name="image"/>'s layers as snapshots now (what <c>docker load</c> and
    /// <c>docker pull</c> do), so its first build or run does not pay for it. Only when overlays
    /// mount here (root); otherwise the first use materialises the layers as before.
    /// </summary>
    public static async Task UnpackAsync(ImageStore store, StoredImage image, CancellationToken ct)
    {
        var snapshotter = new Snapshotter(store.Root, new SnapshotStore(store.Root, store.Content));
        var diffIds = image.Config.RootFs.DiffIds;
        if (snapshotter.Kind == SnapshotterKind.Overlay && diffIds.Length == image.Manifest.Layers.Length)
        {
            await snapshotter.Snapshots.EnsureChainAsync([.. LayerRef.Chain(image.Manifest.Layers, diffIds)], ct).ConfigureAwait(false);
        }
    }

    /// <summary>Unmounts and deletes a root file system folder made by <see cref="PrepareAsync"/> in another process; a missing folder is fine.</summary>
    public static void Release(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        OverlayMount.Unmount(Path.Combine(folder, "merged"));
        TreeDeleter.Delete(folder);
    }

    /// <summary>Unmounts and deletes the folder; idempotent.</summary>
    public void Dispose() => _session.Dispose();
}
