using Builder.Cache.Oci;

namespace Builder.Cache.Registry;

/// <summary>The distribution API's URLs and the media types a client accepts.</summary>
internal static class RegistryPaths
{
    public static readonly string[] ManifestTypes =
        [MediaTypes.OciIndex, MediaTypes.OciManifest, MediaTypes.DockerManifestList, MediaTypes.DockerManifest];

    public static string Manifest(string repository, string reference) => $"v2/{repository}/manifests/{reference}";

    public static string Blob(string repository, Digest digest) => $"v2/{repository}/blobs/{digest}";

    public static string Uploads(string repository) => $"v2/{repository}/blobs/uploads/";

    /// <summary>Adds a query parameter to an upload location, which may already carry its own (<c>_state=…</c>).</summary>
    public static Uri WithQuery(Uri location, string name, string value)
    {
        var separator = string.IsNullOrEmpty(location.Query) ? "?" : "&";
        return new Uri(location.GetLeftPart(UriPartial.Query) + separator + name + "=" + Uri.EscapeDataString(value));
    }
}
