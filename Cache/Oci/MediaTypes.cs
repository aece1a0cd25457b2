namespace Builder.Cache.Oci;

/// <summary>The OCI and Docker media types Builder reads and writes.</summary>
public static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string OciEmptyJson = "application/vnd.oci.empty.v1+json";

    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerForeignLayerGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    public static bool IsManifest(string mediaType) => mediaType is OciManifest or DockerManifest;

    public static bool IsIndex(string mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsConfig(string mediaType) => mediaType is OciConfig or DockerConfig;

    public static bool IsLayer(string mediaType) =>
        mediaType is OciLayer or OciLayerGzip or OciLayerZstd or DockerLayerGzip or DockerForeignLayerGzip;

    /// <summary>How a layer blob is compressed, from its media type.</summary>
    public static LayerCompression CompressionOf(string mediaType) => mediaType switch
    {
        OciLayer => LayerCompression.None,
        OciLayerGzip or DockerLayerGzip or DockerForeignLayerGzip => LayerCompression.Gzip,
        OciLayerZstd => LayerCompression.Zstd,
        _ => throw new ArgumentException($"{mediaType} is not a layer media type.", nameof(mediaType)),
    };

    public static string OciLayerFor(LayerCompression compression) => compression switch
    {
        LayerCompression.None => OciLayer,
        LayerCompression.Gzip => OciLayerGzip,
        _ => OciLayerZstd,
    };
}

public enum LayerCompression
{
    None,
    Gzip,
    Zstd,
}
