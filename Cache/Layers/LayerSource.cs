namespace Builder.Cache.Layers;

public enum LayerSourceKind
{
    /// <summary>A plain tree (a root file system, <c>builder import DIR</c>): every file as it is.</summary>
    Directory,

    /// <summary>An overlayfs upper dir (a RUN step's diff): whiteouts and opaque directories become OCI whiteout files.</summary>
    OverlayUpper,
}

/// <summary>Where a layer's files come from.</summary>
public sealed record LayerSource(string Path, LayerSourceKind Kind)
{
    public static LayerSource Directory(string path) => new(path, LayerSourceKind.Directory);

    public static LayerSource OverlayUpper(string path) => new(path, LayerSourceKind.OverlayUpper);
}
