namespace Builder.Cache.Layers.Tree;

/// <summary>
/// Which extended attributes go into a layer. Kept: <c>user.*</c>, <c>trusted.*</c> and
/// <c>security.capability</c> (file capabilities, e.g. ping's cap_net_raw). Dropped: overlayfs's
/// own attributes (<c>trusted.overlay.*</c>, <c>user.overlay.*</c>), which describe the build
/// host's overlay and would turn a directory opaque wherever the layer is later used as a lower
/// dir; other <c>security.*</c> attributes (SELinux, IMA/EVM, SMACK labels belong to the host that
/// wrote the file); and <c>system.*</c> (POSIX ACLs, which tar keeps in their own records, if
/// at all). containerd and Docker keep only <c>security.capability</c>; user and trusted attributes
/// are kept here as GNU tar <c>--xattrs</c> does.
/// </summary>
internal static class XattrPolicy
{
    public const string TrustedOverlay = "trusted.overlay.";
    public const string UserOverlay = "user.overlay.";
    public const string SecurityCapability = "security.capability";

    public static bool IsOverlay(string name) =>
        name.StartsWith(TrustedOverlay, StringComparison.Ordinal) || name.StartsWith(UserOverlay, StringComparison.Ordinal);

    public static bool Keep(string name) =>
        !IsOverlay(name) &&
        (name.StartsWith("user.", StringComparison.Ordinal) ||
         name.StartsWith("trusted.", StringComparison.Ordinal) ||
         name == SecurityCapability);

    /// <summary>The overlay attribute with this suffix (opaque, whiteout, redirect, metacopy), in either namespace.</summary>
    public static bool IsOverlayAttribute(string name, string suffix) =>
        IsOverlay(name) && name.EndsWith("." + suffix, StringComparison.Ordinal) &&
        (name.Length == TrustedOverlay.Length + suffix.Length || name.Length == UserOverlay.Length + suffix.Length);
}
