using System.Formats.Tar;
using Builder.Cache.Layers.Native;

namespace Builder.Cache.Layers;

/// <summary>Owners, modes, extended attributes and times, all set without following symlinks.</summary>
internal sealed partial class LayerApplierSession
{
    private const string OverlayXattrPrefix = "trusted.overlay.";

    private readonly Dictionary<string, DeferredDirectory> _directories = new(StringComparer.Ordinal);
    private bool _ownershipWarned;

    private enum EntryKind
    {
        Directory,
        Symlink,
        Other,
    }

    /// <summary>
    /// In the order that keeps each setting: owner first (chown clears setuid/setgid and
    /// security.capability), then mode (with setuid/setgid/sticky), then xattrs, then times.
    /// Linux cannot chmod a symlink, so symlinks keep 0777. Directory modes and times wait for
    /// <see cref="Complete"/>.
    /// </summary>
    private void SetMetadata(LayerTarEntry tarEntry, string host, EntryKind kind)
    {
        var entry = tarEntry.Entry;
        SetOwner(entry, host);
        if (kind == EntryKind.Other)
        {
            SetMode(host, (uint)entry.Mode & 0xFFF);
        }

        foreach (var (name, value) in tarEntry.Xattrs.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            SetXattr(entry.Name, host, name, value);
        }

        if (kind != EntryKind.Directory)
        {
            SetTimes(entry, host);
        }
    }

    private void SetOwner(TarEntry entry, string host)
    {
        if (entry.Uid < 0 || entry.Gid < 0)
        {
            throw _errors.Corrupt(entry.Name, $"has a negative owner {entry.Uid}:{entry.Gid}", null);
        }

        if (_isRoot)
        {
            Errno.Check(ApplierLibC.LChown(host, (uint)entry.Uid, (uint)entry.Gid), "lchown", host);
        }
        else if (!_ownershipWarned && ((uint)entry.Uid != ApplierLibC.EffectiveUid || (uint)entry.Gid != ApplierLibC.EffectiveGid))
        {
            _ownershipWarned = true;
            Warn(entry.Name, $"wants owner {entry.Uid}:{entry.Gid}; owners are only set when applying as root, so every entry belongs to the applying user");
        }
    }

    private static void SetMode(string host, uint mode)
    {
        int rc = ApplierLibC.FChmodAtNoFollow(host, mode);
        if (rc == -ApplierLibC.EOPNOTSUPP && SafePathResolver.LStatHost(host) is { IsSymlink: false })
        {
            rc = ApplierLibC.Chmod(host, mode); // no /proc for glibc's no-follow chmod; the path was just checked
        }

        Errno.Check(rc, "chmod", host);
    }

    private void SetXattr(string entry, string host, string name, byte[] value)
    {
        if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal))
        {
            throw _errors.Hostile(entry, "has an extended attribute with an empty name or a NUL byte in its name");
        }

        if (name.StartsWith(OverlayXattrPrefix, StringComparison.Ordinal))
        {
            // overlayfs keeps its own state there (opaque, redirect, metacopy); a layer says
            // "opaque" with .wh..wh..opq, and must not steer an overlay mount any other way.
            Warn(entry, $"extended attribute '{name}' is overlayfs-private; dropped");
            return;
        }

        int rc = ApplierLibC.LSetXattr(host, name, value);
        if (rc == -ApplierLibC.EPERM || rc == -ApplierLibC.EOPNOTSUPP)
        {
            Warn(entry, $"extended attribute '{name}' could not be set ({ApplierLibC.Describe(rc)}); skipped");
            return;
        }

        Errno.Check(rc, $"lsetxattr {name}", host);
    }

    /// <summary>mtime from the entry; atime from PAX/GNU when later than mtime, else mtime (as containerd does).</summary>
    private static void SetTimes(TarEntry entry, string host)
    {
        var modified = entry.ModificationTime;
        var accessed = entry switch
        {
            PaxTarEntry pax => PaxTime(pax, "atime"),
            GnuTarEntry gnu => gnu.AccessTime,
            _ => default,
        };

        var mtime = ToTimespec(modified);
        var atime = accessed > modified ? ToTimespec(accessed) : mtime;
        Errno.Check(ApplierLibC.LUtimes(host, atime, mtime), "utimensat", host);
    }

    /// <summary>A PAX time record (decimal seconds, optionally fractional); default when absent or unreadable.</summary>
    private static DateTimeOffset PaxTime(PaxTarEntry entry, string key)
    {
        if (!entry.ExtendedAttributes.TryGetValue(key, out var text) ||
            !decimal.TryParse(text, System.Globalization.NumberStyles.AllowDecimalPoint | System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ||
            seconds < -62135596800m || seconds > 253402300799m)
        {
            return default;
        }

        return DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
    }

    private static ApplierLibC.Timespec ToTimespec(DateTimeOffset time)
    {
        long ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        long seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long rest);
        if (rest < 0)
        {
            seconds--;
            rest += TimeSpan.TicksPerSecond;
        }

        return new ApplierLibC.Timespec { Seconds = seconds, Nanoseconds = rest * 100 };
    }

    private void DeferDirectory(TarEntry entry, LayerPath path) =>
        _directories[path.Value] = new DeferredDirectory(path, entry);

    /// <summary>
    /// Sets directory modes and times now that their contents are written. A directory a later
    /// entry replaced or removed (or now reached through a symlink) is skipped.
    /// </summary>
    public void Complete()
    {
        foreach (var directory in _directories.Values)
        {
            if (!_paths.CheckParents(directory.Path, create: false).IsOk || _paths.LStat(directory.Path) is not { IsDirectory: true })
            {
                continue;
            }

            var host = _paths.HostPath(directory.Path);
            try
            {
                SetMode(host, (uint)directory.Entry.Mode & 0xFFF);
                SetTimes(directory.Entry, host);
            }
            catch (IOException e)
            {
                throw _errors.Failed(directory.Entry.Name, e);
            }
        }

        _directories.Clear();
    }

    private sealed record DeferredDirectory(LayerPath Path, TarEntry Entry);
}
