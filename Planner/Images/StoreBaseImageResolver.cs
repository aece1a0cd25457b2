using Builder.Cache;
using Builder.Cache.Images;
using Builder.Cache.Oci;

namespace Builder.Planner.Images;

/// <summary><see cref="IBaseImageResolver"/> over the local <see cref="ImageStore"/>.</summary>
public sealed class StoreBaseImageResolver(ImageStore store) : IBaseImageResolver
{
    public BaseImage? Resolve(string reference, Platform platform, out string? error)
    {
        try
        {
            var match = store.Resolve(reference);
            var image = match.Image;
            error = null;
            return new BaseImage(reference, image.ManifestDescriptor.Digest, image.Config, image.Manifest.Layers);
        }
        catch (StoreException e)
        {
            error = e.Message;
            return null;
        }
    }
}
