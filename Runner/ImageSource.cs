using Builder.Cache.Images;
using Builder.Cache.Images.Archive;

namespace Builder.Runner;

/// <summary>
/// IMAGE of <c>builder run</c>/<c>bundle</c>: a name or id in the store, or <c>oci-archive:FILE</c> /
/// <c>docker-archive:FILE</c>, which is loaded into the store first (its layers are unpacked
/// there as snapshots anyway), as podman does.
/// </summary>
public static class ImageSource
{
    public static async Task<StoredImage> ResolveAsync(ImageStore store, string image, CancellationToken ct)
    {
        foreach (var prefix in new[] { "oci-archive:", "docker-archive:" })
        {
            if (!image.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var path = image[prefix.Length..];
            if (!File.Exists(path))
            {
                throw new RunnerException($"{prefix} archive {path} does not exist; give the path of a tar made by builder save, docker save or skopeo copy.");
            }

            var loaded = await ImageLoader.LoadAsync(store, path, ct).ConfigureAwait(false);
            if (loaded.IsEmpty)
            {
                throw new RunnerException($"{path} holds no image for this platform; save the image for {store.Platform} and try again.");
            }

            return store.Resolve(loaded[0].Id.ToString()).Image;
        }

        return store.Resolve(image).Image;
    }
}
