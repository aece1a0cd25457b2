using System.Collections.Immutable;
using Builder.Cache;
using Builder.Cache.Content;
using Builder.Cache.Layers;
using Builder.Cache.Oci;
using Builder.Executor.Snapshots.Native;

namespace Builder.Executor.Snapshots;

/// <summary>
/// Unpacked layers under <c>ROOT/snapshots/&lt;chain id hex&gt;/</c>, one layer per folder in
/// overlay-lower form (whiteouts as 0/0 character devices, opaque directories marked
/// <c>trusted.overlay.opaque=y</c>), so a chain of them stacks as overlayfs lower dirs.
/// </summary>
/// <remarks>
/// A folder appears only by a rename from <c>ROOT/tmp</c> after the blob's digest and the diff id
/// both matched, so an existing folder is always complete. Builders racing to unpack the same
/// layer each unpack it; the first rename wins and the others discard their copy. Writing
/// overlay whiteouts needs root (mknod, trusted xattrs): without it use the copy snapshotter.
/// </remarks>
internal sealed class SnapshotStore
{
    private readonly StoreRoot _root;
    private readonly ImmutableArray<ContentStore> _blobSources;
    private readonly System.Collections.Concurrent.ConcurrentBag<string> _fromLaterSources = [];

    /// <param name="blobSources">Where layer blobs are looked up, in order (the store, then a build's staging store).</param>
    public SnapshotStore(StoreRoot root, params ImmutableArray<ContentStore> blobSources)
    {
        _root = root;
        _blobSources = blobSources.IsDefaultOrEmpty ? [new ContentStore(root)] : blobSources;
    }

    public string Folder => Path.Combine(_root.Path, "snapshots");

    public string PathOf(ChainId id) => Path.Combine(Folder, id.Digest.Hex);

    public bool Exists(ChainId id) => Directory.Exists(PathOf(id));

    /// <summary>
    /// Unpacks whatever layers of the chain are missing and returns the snapshot folders, bottom
    /// layer first (overlayfs wants them the other way round in <c>lowerdir=</c>).
    /// </summary>
    public async Task<ImmutableArray<string>> EnsureChainAsync(IReadOnlyList<LayerRef> layers, CancellationToken cancellationToken)
    {
        var ids = ChainId.ForEach(layers.Select(l => l.DiffId));
        var folders = ImmutableArray.CreateBuilder<string>(layers.Count);
        for (int i = 0; i < layers.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var folder = PathOf(ids[i]);
            if (!Directory.Exists(folder))
            {
                await UnpackAsync(layers[i], folder, cancellationToken).ConfigureAwait(false);
            }

            folders.Add(folder);
        }

        return folders.MoveToImmutable();
    }

    /// <summary>
    /// Deletes every snapshot whose chain id is not in <paramref name="keep"/> and returns the
    /// ones deleted. A snapshot is first renamed into <c>ROOT/tmp</c>, so a half-deleted one is
    /// never mistaken for a complete one. The caller (GC) must make sure no build uses them.
    /// </summary>
    public ImmutableArray<ChainId> Prune(IReadOnlySet<ChainId> keep)
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        var removed = ImmutableArray.CreateBuilder<ChainId>();
        foreach (var folder in Directory.EnumerateDirectories(Folder))
        {
            var name = Path.GetFileName(folder);
            if (!Digest.TryParse("sha256:" + name, out var digest) || keep.Contains(new ChainId(digest)))
            {
                continue;
            }

            var doomed = Path.Combine(_root.Temp, $"snapshot-prune-{Guid.NewGuid():N}");
            Directory.CreateDirectory(_root.Temp);
            try
            {
                Directory.Move(folder, doomed);
            }
            catch (DirectoryNotFoundException)
            {
                continue; // another pruner got there first
            }

            TreeDeleter.Delete(doomed);
            removed.Add(new ChainId(digest));
        }

        return removed.ToImmutable();
    }

    /// <summary>
    /// Deletes the snapshots this instance unpacked from a blob of a later source (a build's
    /// staging store): a failed build calls it, since those blobs never reach the store.
    /// </summary>
    public void DiscardUnpackedFromLaterSources()
    {
        while (_fromLaterSources.TryTake(out var folder))
        {
            if (!Directory.Exists(folder))
            {
                continue;
            }

            var doomed = Path.Combine(_root.Temp, $"snapshot-discard-{Guid.NewGuid():N}");
            Directory.Move(folder, doomed);
            TreeDeleter.Delete(doomed);
        }

        try
        {
            if (Directory.Exists(Folder) && !Directory.EnumerateFileSystemEntries(Folder).Any())
            {
                Directory.Delete(Folder); // made by this build only
            }
        }
        catch (IOException)
        {
            // another build just added a snapshot: the folder is theirs too
        }
    }

    /// <summary>
    /// Takes a committed overlay upper dir (unmounted) as the snapshot of the chain's top layer, so
    /// the next step stacks it directly instead of unpacking the layer just written: the upper dir
    /// is already in overlay-lower form. A snapshot already there wins; false then, and the caller
    /// deletes the dir.
    /// </summary>
    public bool Adopt(IReadOnlyList<LayerRef> chain, string upperDir)
    {
        var ids = ChainId.ForEach(chain.Select(l => l.DiffId));
        var folder = PathOf(ids[^1]);
        if (Directory.Exists(folder))
        {
            return false;
        }

        Directory.CreateDirectory(Folder);
        if (SnapshotLibC.renameat2(SnapshotLibC.AtFdCwd, upperDir, SnapshotLibC.AtFdCwd, folder, SnapshotLibC.RenameNoReplace) < 0)
        {
            return false;
        }

        if (!_blobSources[0].Exists(chain[^1].Blob.Digest))
        {
            _fromLaterSources.Add(folder);
        }

        return true;
    }

    /// <summary>Opens a layer's blob from the first source that has it.</summary>
    public Stream OpenBlob(LayerRef layer)
    {
        var source = _blobSources.FirstOrDefault(s => s.Exists(layer.Blob.Digest))
            ?? throw new StoreException($"layer {layer.Blob.Digest} is not in the store (was it pruned?); pull or build the image again.");
        return source.OpenRead(layer.Blob.Digest);
    }

    private async Task UnpackAsync(LayerRef layer, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        Directory.CreateDirectory(_root.Temp);
        var work = Path.Combine(_root.Temp, $"snapshot-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var unpacked = Path.Combine(work, "layer");
            await using (var blob = OpenBlob(layer))
            {
                var options = new ApplyOptions
                {
                    WhiteoutMode = WhiteoutMode.Overlay,
                    Expected = layer.Blob,
                    ExpectedDiffId = layer.DiffId,
                };
                await LayerApplier.ApplyAsync(blob, MediaTypes.CompressionOf(layer.Blob.MediaType), unpacked, options, cancellationToken).ConfigureAwait(false);
            }

            if (SnapshotLibC.renameat2(SnapshotLibC.AtFdCwd, unpacked, SnapshotLibC.AtFdCwd, folder, SnapshotLibC.RenameNoReplace) < 0)
            {
                int errno = SnapshotLibC.LastError;
                if (errno is not SnapshotLibC.EExist and not SnapshotLibC.ENotEmpty)
                {
                    throw SnapshotLibC.Error("rename", folder);
                }

                // Lost the race to another builder: its snapshot is the same layer, verified the same way.
            }
            else if (!_blobSources[0].Exists(layer.Blob.Digest))
            {
                _fromLaterSources.Add(folder);
            }
        }
        finally
        {
            TreeDeleter.Delete(work);
        }
    }
}
