using Builder.Cache.Layers.Native;
using Builder.Cache.Layers.Tar;
using Builder.Cache.Layers.Tree;

namespace Builder.Cache.Layers;

/// <summary>
/// Turns a layer source into its uncompressed tar (the bytes the diff id is the sha256 of):
/// entries in <see cref="LayerTreeReader"/> order, numeric owners, mode bits with
/// setuid/setgid/sticky, mtimes in whole seconds clamped to SOURCE_DATE_EPOCH when given, hard
/// links for the second and later paths of an inode, and overlay whiteouts as OCI whiteout files.
/// </summary>
internal static class LayerTar
{
    public static void Write(LayerSource source, Stream output, DateTimeOffset? sourceDateEpoch, CancellationToken cancellationToken = default)
    {
        long? clamp = sourceDateEpoch?.ToUnixTimeSeconds();
        var firstPathOfInode = new Dictionary<(uint, uint, ulong), byte[]>();
        using var tar = new PaxTarWriter(output);
        foreach (var entry in new LayerTreeReader(source.Kind).Read(source.Path, cancellationToken))
        {
            var status = entry.Status;
            long mtime = clamp is { } max && status.ModifiedSeconds > max ? max : status.ModifiedSeconds;
            var header = new TarHeader(entry.Path, TarTypeFlag.Regular)
            {
                Mode = status.Permissions,
                Uid = status.Uid,
                Gid = status.Gid,
                ModifiedSeconds = mtime,
                Xattrs = entry.Xattrs,
            };

            switch (entry.Kind)
            {
                case LayerEntryKind.Whiteout:
                    // As Docker's overlay differ writes them: an empty 0600 file with the device's owner.
                    tar.WriteEntry(header with { Mode = 0x180 });
                    continue;
                case LayerEntryKind.Directory:
                    tar.WriteEntry(header with { Type = TarTypeFlag.Directory });
                    if (entry.Opaque)
                    {
                        // Right after its directory (as Docker and containerd place it), so an applier that
                        // clears the directory when it meets the marker never clears this layer's own files.
                        byte[] marker = [.. entry.Path, (byte)'/', .. OverlayRules.OpaqueMarker];
                        tar.WriteEntry(header with { Name = marker, Mode = status.Permissions & 0x1FF, Xattrs = [] });
                    }

                    continue;
            }

            if (status.LinkCount > 1)
            {
                if (firstPathOfInode.TryGetValue(status.InodeKey, out var first))
                {
                    tar.WriteEntry(header with { Type = TarTypeFlag.HardLink, LinkName = first, Xattrs = [] });
                    continue;
                }

                firstPathOfInode.Add(status.InodeKey, entry.Path);
            }

            switch (entry.Kind)
            {
                case LayerEntryKind.Regular:
                    using (var file = NativeFile.OpenRead(entry.Source))
                    {
                        tar.WriteEntry(header with { Size = status.Size }, file, entry.Source.ToString(), cancellationToken);
                    }

                    break;
                case LayerEntryKind.Symlink:
                    tar.WriteEntry(header with { Type = TarTypeFlag.Symlink, LinkName = NativeFile.ReadLink(entry.Source) });
                    break;
                case LayerEntryKind.CharDevice or LayerEntryKind.BlockDevice:
                    tar.WriteEntry(header with
                    {
                        Type = entry.Kind == LayerEntryKind.CharDevice ? TarTypeFlag.CharDevice : TarTypeFlag.BlockDevice,
                        DevMajor = status.RDevMajor,
                        DevMinor = status.RDevMinor,
                    });
                    break;
                case LayerEntryKind.Fifo:
                    tar.WriteEntry(header with { Type = TarTypeFlag.Fifo });
                    break;
            }
        }

        tar.Finish();
    }
}
