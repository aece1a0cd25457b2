using System.Formats.Tar;
using Builder.Cache.Layers.Native;

namespace Builder.Cache.Layers;

/// <summary>
/// OCI whiteouts. <c>.wh.name</c> hides <c>name</c> of the lower layers; <c>.wh..wh..opq</c>
/// hides every lower child of its directory. Both only ever hide lower content, never entries of
/// the same layer (OCI image spec, "Whiteouts"), so an opaque marker read after some of its
/// directory's entries keeps them, as containerd does. Other <c>.wh..wh.</c> names are AUFS
/// bookkeeping at the top of the tree and are skipped.
/// </summary>
internal sealed partial class LayerApplierSession
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";
    private const string AufsMetaPrefix = ".wh..wh.";

    /// <summary>AUFS keeps its bookkeeping (<c>.wh..wh.plnk/</c>, <c>.wh..wh.aufs</c>) at the top of a branch.</summary>
    private static bool IsAufsMetadata(LayerPath path)
    {
        int slash = path.Value.IndexOf('/');
        var first = slash < 0 ? path.Value : path.Value.Substring(0, slash);
        return first.StartsWith(AufsMetaPrefix, StringComparison.Ordinal) && path.Value != OpaqueMarker;
    }

    private void ApplyWhiteout(TarEntry entry, LayerPath path)
    {
        var marker = path.Name;
        if (marker == OpaqueMarker)
        {
            ApplyOpaque(entry, path);
            return;
        }

        var hidden = marker.Substring(WhiteoutPrefix.Length);
        if (hidden.Length == 0 || hidden == "." || hidden == "..")
        {
            throw _errors.Hostile(entry.Name, $"is a whiteout of '{hidden}', which is not a name");
        }

        var victim = path.Parent.Child(hidden);
        bool overlay = _options.WhiteoutMode == WhiteoutMode.Overlay;
        var check = _paths.CheckParents(path, create: overlay, created: MarkApplied);
        if (check.Status == ParentStatus.Missing)
        {
            _whiteouts++; // nothing below to hide
            return;
        }

        if (!check.IsOk)
        {
            throw _errors.Hostile(entry.Name, check.Describe());
        }

        var victimHost = _paths.HostPath(victim);
        if (_applied.Contains(victim.Value))
        {
            Warn(entry.Name, $"whites out '{victim}', which this same layer added; a whiteout only hides lower layers, so it is kept");
            return;
        }

        SafePathResolver.RemoveAll(victimHost);
        if (overlay)
        {
            int rc = ApplierLibC.Mknod(victimHost, ApplierLibC.S_IFCHR, ApplierLibC.MakeDev(0, 0));
            if (rc == -ApplierLibC.EPERM)
            {
                throw _errors.Failed(entry.Name, Errno.Exception(rc, "mknod (overlay whiteouts are 0/0 character devices and need root)", victimHost));
            }

            Errno.Check(rc, "mknod", victimHost);
            SetOwner(entry, victimHost);
            MarkApplied(victim);
        }

        _whiteouts++;
    }

    private void ApplyOpaque(TarEntry entry, LayerPath path)
    {
        var directory = path.Parent;
        bool overlay = _options.WhiteoutMode == WhiteoutMode.Overlay;
        var check = _paths.CheckParents(path, create: overlay, created: MarkApplied);
        if (check.Status == ParentStatus.Missing)
        {
            _opaque++; // no such directory below: nothing to hide
            return;
        }

        if (!check.IsOk)
        {
            throw _errors.Hostile(entry.Name, check.Describe());
        }

        var host = _paths.HostPath(directory);
        if (overlay)
        {
            int rc = ApplierLibC.LSetXattr(host, "trusted.overlay.opaque", "y"u8);
            if (rc == -ApplierLibC.EPERM)
            {
                throw _errors.Failed(entry.Name, Errno.Exception(rc, "lsetxattr trusted.overlay.opaque (needs root)", host));
            }

            Errno.Check(rc, "lsetxattr trusted.overlay.opaque", host);
        }
        else
        {
            RemoveLowerChildren(directory);
        }

        _opaque++;
    }

    /// <summary>Removes every child of a directory that this layer did not add, descending into the ones it did.</summary>
    private void RemoveLowerChildren(LayerPath directory)
    {
        var host = _paths.HostPath(directory);
        foreach (var childHost in Directory.EnumerateFileSystemEntries(host).ToList())
        {
            var child = directory.Child(Path.GetFileName(childHost));
            if (!_applied.Contains(child.Value))
            {
                SafePathResolver.RemoveAll(childHost);
            }
            else if (SafePathResolver.LStatHost(childHost) is { IsDirectory: true })
            {
                RemoveLowerChildren(child);
            }
        }
    }
}
