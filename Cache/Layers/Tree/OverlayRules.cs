using Builder.Cache.Layers.Native;

namespace Builder.Cache.Layers.Tree;

/// <summary>
/// How an overlayfs upper dir maps to OCI layer entries (image-spec "Whiteouts"): a whiteout
/// (character device 0/0, or on newer kernels an empty file marked <c>overlay.whiteout</c>) becomes
/// an empty regular file <c>.wh.NAME</c>; a directory marked <c>overlay.opaque=y</c> keeps its entry
/// and gets a <c>.wh..wh..opq</c> file inside. Both the <c>trusted.</c> namespace and the
/// <c>user.</c> one (overlay's <c>userxattr</c> mount option, used rootless) are understood.
/// </summary>
/// <remarks>
/// Upper dirs written with <c>redirect_dir=on</c> (renamed directories) or <c>metacopy=on</c>
/// (metadata-only copy-up, no data in the upper file) cannot be turned into a layer from the upper
/// dir alone; they are refused with an error rather than exported wrong. The sandbox mounts
/// overlays with both off.
/// </remarks>
internal static class OverlayRules
{
    public static ReadOnlySpan<byte> WhiteoutPrefix => ".wh."u8;

    public static ReadOnlySpan<byte> OpaqueMarker => ".wh..wh..opq"u8;

    public static bool IsWhiteout(NativePath source, in FileStatus status, List<string> xattrNames)
    {
        if (status.Kind == FileKind.CharDevice && status.RDevMajor == 0 && status.RDevMinor == 0)
        {
            return true;
        }

        return status.Kind == FileKind.Regular && status.Size == 0 &&
            xattrNames.Exists(n => XattrPolicy.IsOverlayAttribute(n, "whiteout"));
    }

    /// <summary>Refuses redirect and metacopy upper dirs; true for an opaque directory.</summary>
    public static bool CheckAndIsOpaque(NativePath source, in FileStatus status, List<string> xattrNames)
    {
        bool opaque = false;
        foreach (var name in xattrNames)
        {
            if (XattrPolicy.IsOverlayAttribute(name, "metacopy"))
            {
                throw new IOException(
                    $"{source} is a metadata-only overlay copy-up (metacopy=on); its data is in a lower layer. Mount the build overlay with metacopy=off.");
            }

            if (XattrPolicy.IsOverlayAttribute(name, "redirect"))
            {
                throw new IOException(
                    $"{source} is a renamed directory recorded as an overlay redirect (redirect_dir=on); a layer cannot express it. Mount the build overlay with redirect_dir=off.");
            }

            if (status.Kind == FileKind.Directory && XattrPolicy.IsOverlayAttribute(name, "opaque") &&
                NativeFile.GetXattr(source, name) is [(byte)'y'])
            {
                opaque = true;
            }
        }

        return opaque;
    }
}
