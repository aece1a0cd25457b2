using System.Collections.Immutable;
using System.Text;
using Builder.Executor.Snapshots.Native;

namespace Builder.Executor.Snapshots;

/// <summary>
/// Mounts and unmounts overlayfs in the host mount namespace.
/// </summary>
/// <remarks>
/// The mount options are one page at most, and snapshot paths are long (the store root plus 64 hex
/// digits). Rather than <c>chdir</c> (process-wide in .NET, racing every other thread), each lower
/// dir is opened with <c>O_PATH</c> and named <c>/proc/self/fd/N</c> (about 18 bytes a layer):
/// the kernel resolves that magic link to the folder while it mounts, and the descriptors are
/// closed right after. A chain too long even so fails with a message saying how many layers fit.
/// The options turn off index, redirect_dir and metacopy, which the upper-dir-to-layer
/// conversion cannot express.
/// </remarks>
internal static class OverlayMount
{
    private const string FixedOptions = "index=off,redirect_dir=off,metacopy=off";

    /// <param name="lowerBottomFirst">The lower dirs, bottom layer first.</param>
    /// <param name="volatileUpper">
    /// Mount with <c>volatile</c>: no sync of the upper dir, neither for the fsyncs of the
    /// processes inside (a RUN's dpkg) nor when unmounting (which otherwise waits for every byte a
    /// COPY or RUN wrote to reach the disk: 0.2 s per 200 MB here). For build steps, whose layer
    /// blob is written and fsynced from the upper dir before anything names it.
    /// </param>
    public static void Mount(IReadOnlyList<string> lowerBottomFirst, string upper, string work, string merged, bool volatileUpper = false)
    {
        var fds = ImmutableArray.CreateBuilder<int>();
        try
        {
            var data = new StringBuilder("lowerdir=");
            for (int i = lowerBottomFirst.Count - 1; i >= 0; i--)
            {
                int fd = SnapshotLibC.open(lowerBottomFirst[i], SnapshotLibC.OPath | SnapshotLibC.ODirectory | SnapshotLibC.OCloExec, 0);
                if (fd < 0)
                {
                    throw SnapshotLibC.Error("open", lowerBottomFirst[i]);
                }

                fds.Add(fd);
                data.Append(i == lowerBottomFirst.Count - 1 ? "" : ":").Append("/proc/self/fd/").Append(fd);
            }

            data.Append(",upperdir=").Append(upper).Append(",workdir=").Append(work).Append(',').Append(FixedOptions);
            if (volatileUpper)
            {
                data.Append(",volatile");
            }

            var options = data.ToString();
            int limit = Environment.SystemPageSize - 1;
            if (Encoding.UTF8.GetByteCount(options) > limit)
            {
                throw new IOException(
                    $"an overlay of {lowerBottomFirst.Count} layers needs {options.Length} bytes of mount options, more than the kernel's {limit}; " +
                    "squash the base image or set BUILDER_SNAPSHOTTER=copy.");
            }

            if (SnapshotLibC.mount("overlay", merged, "overlay", 0, options) < 0)
            {
                throw SnapshotLibC.Error("mount overlay on", merged);
            }
        }
        finally
        {
            foreach (var fd in fds)
            {
                SnapshotLibC.close(fd);
            }
        }
    }

    /// <summary>Unmounts; a busy mount is detached (lazily unmounted) as a last resort. Not mounted is fine.</summary>
    public static void Unmount(string merged)
    {
        if (SnapshotLibC.umount2(merged, 0) == 0)
        {
            return;
        }

        int errno = SnapshotLibC.LastError;
        if (errno == SnapshotLibC.EBusy && SnapshotLibC.umount2(merged, SnapshotLibC.MntDetach) == 0)
        {
            return;
        }

        if (errno is not SnapshotLibC.EInval and not SnapshotLibC.ENoEnt)
        {
            throw SnapshotLibC.Error("umount", merged);
        }
    }
}
