using System.IO.Compression;
using Builder.Cache.Layers.Native;
using Builder.Cache.Oci;

using Builder.Cache.Layers.Compression;

namespace Builder.Cache.Layers;

/// <summary>
/// Unpacks an OCI layer (a tar changeset, optionally compressed) into a directory, following the
/// image spec's "Applying Changesets" and what containerd does, and never writing outside it.
/// The blob is streamed once: the compressed digest, the diff id and the entries are all taken
/// in the same pass, with no file or layer held in memory.
/// </summary>
public static class LayerApplier
{
    /// <summary>
    /// Applies <paramref name="blob"/> to <paramref name="targetDirectory"/>.
    /// <see cref="ApplyTarget.Fresh"/> (the default) creates the target: the layer is unpacked in
    /// a private temp directory next to it and renamed into place only on success, so a hostile or
    /// corrupt layer, a digest mismatch or cancellation leaves nothing behind.
    /// </summary>
    /// <exception cref="LayerApplyException">The layer is hostile or corrupt, a digest does not
    /// match, or the file system refused an entry; the message names the layer and the entry.</exception>
    /// <exception cref="NotSupportedException">The compression has no codec here yet (zstd).</exception>
    public static async Task<ApplyResult> ApplyAsync(
        Stream blob,
        LayerCompression compression,
        string targetDirectory,
        ApplyOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentException.ThrowIfNullOrEmpty(targetDirectory);
        ArgumentNullException.ThrowIfNull(options);

        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(targetDirectory));
        var errors = new LayerApplierErrors(options.Expected is { } expected ? expected.Digest.ToString() : $"for '{target}'");
        await using var compressed = new LayerApplierHashStream(blob, leaveOpen: true, codec: null);
        var decompressed = OpenLayerStream(compressed, compression);
        await using var tar = compression == LayerCompression.None
            ? new LayerApplierHashStream(decompressed, leaveOpen: true, codec: null)
            : new LayerApplierHashStream(decompressed, leaveOpen: false, codec: compression.ToString().ToLowerInvariant());

        if (options.Target == ApplyTarget.Existing)
        {
            RequireDirectory(target);
            try
            {
                return await ApplyIntoAsync(compressed, tar, target, options, errors, cancellationToken).ConfigureAwait(false);
            }
            catch (LayerApplyException e)
            {
                throw new LayerApplyException($"{e.Message}. '{target}' was changed in place and must be discarded", e.Entry, e);
            }
        }

        var work = CreateWorkDirectory(target);
        try
        {
            var result = await ApplyIntoAsync(compressed, tar, work, options, errors, cancellationToken).ConfigureAwait(false);
            Publish(work, target);
            return result;
        }
        catch
        {
            SafePathResolver.RemoveAll(work);
            throw;
        }
    }

    /// <summary>
    /// The decompressing view of a layer blob. The one place that knows codecs: gzip here (.NET's
    /// GZipStream reads concatenated members, as pigz and some registries write them), zstd when
    /// its codec lands.
    /// </summary>
    internal static Stream OpenLayerStream(Stream blob, LayerCompression compression) => compression switch
    {
        LayerCompression.None => blob,
        LayerCompression.Gzip => new GZipStream(blob, CompressionMode.Decompress, leaveOpen: true),
        LayerCompression.Zstd => new ZstdDecompressStream(blob, leaveOpen: true),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "not a layer compression"),
    };

    private static async Task<ApplyResult> ApplyIntoAsync(
        LayerApplierHashStream compressed,
        LayerApplierHashStream tar,
        string root,
        ApplyOptions options,
        LayerApplierErrors errors,
        CancellationToken cancellationToken)
    {
        var session = new LayerApplierSession(root, options, errors);
        using (var reader = new TarEntryReader(tar, errors))
        {
            while (await reader.NextAsync(cancellationToken).ConfigureAwait(false) is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await session.ApplyAsync(entry, cancellationToken).ConfigureAwait(false);
            }
        }

        try
        {
            // The rest of the tar (end blocks, record padding) and of the blob count in the digests,
            // and the gzip trailer's CRC is only checked when it is read.
            await tar.DrainAsync(cancellationToken).ConfigureAwait(false);
            await compressed.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw errors.Corrupt(null, $"end of the layer stream is corrupt ({e.Message})", e);
        }

        var digest = compressed.CurrentDigest();
        var diffId = tar.CurrentDigest();
        if (options.Expected is { } expected && (expected.Digest != digest || expected.Size != compressed.BytesRead))
        {
            throw errors.Corrupt(null, $"blob read hashes to {digest} ({compressed.BytesRead} bytes) but its descriptor says {expected.Digest} ({expected.Size} bytes)", null);
        }

        if (options.ExpectedDiffId is { } wantDiffId && wantDiffId != diffId)
        {
            throw errors.Corrupt(null, $"uncompressed tar hashes to {diffId} but the expected diff id is {wantDiffId}", null);
        }

        session.Complete();
        if (!session.RootEntrySeen && options.Target == ApplyTarget.Fresh)
        {
            Errno.Check(ApplierLibC.Chmod(root, 0x1ED /* 0755 */), "chmod", root);
        }

        return new ApplyResult(digest, compressed.BytesRead, diffId, tar.BytesRead, session.Counts, session.Warnings);
    }

    private static void RequireDirectory(string target)
    {
        if (SafePathResolver.LStatHost(target) is not { IsDirectory: true })
        {
            throw new DirectoryNotFoundException($"'{target}' is not a directory (or is a symlink); applying in place needs the existing snapshot directory.");
        }
    }

    /// <summary>A private (0700) directory next to the target, on the same file system so the final rename is atomic.</summary>
    private static string CreateWorkDirectory(string target)
    {
        if (SafePathResolver.LStatHost(target) is not null)
        {
            throw new IOException($"'{target}' already exists; a fresh apply creates its target (use ApplyTarget.Existing to apply on top of it).");
        }

        var parent = Path.GetDirectoryName(target) ?? throw new ArgumentException("The target cannot be the file system root.", nameof(target));
        if (SafePathResolver.LStatHost(parent) is not { IsDirectory: true })
        {
            throw new DirectoryNotFoundException($"'{parent}', the parent of the apply target, is not a directory.");
        }

        var work = Path.Combine(parent, $".{Path.GetFileName(target)}.applying-{Guid.NewGuid():N}");
        Errno.Check(ApplierLibC.Mkdir(work, 0x1C0 /* 0700 */), "mkdir", work);
        return work;
    }

    private static void Publish(string work, string target)
    {
        int rc = ApplierLibC.RenameNoReplace(work, target);
        if (rc == -ApplierLibC.EINVAL || rc == -ApplierLibC.ENOSYS)
        {
            Directory.Move(work, target); // no RENAME_NOREPLACE here; Move refuses an existing target itself
            return;
        }

        if (rc == -ApplierLibC.EEXIST || rc == -ApplierLibC.ENOTEMPTY)
        {
            throw new IOException($"'{target}' appeared while the layer was applied (another apply of the same layer?); this result was discarded.");
        }

        Errno.Check(rc, "rename", target);
    }
}
