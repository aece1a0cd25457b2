using Builder.Cache;
using Builder.Cache.Images;
using Builder.Cache.Oci;
using Builder.Cache.Registry;
using Builder.Runner;

namespace Builder.MSBuild;

/// <summary>The base as the generated Dockerfile's <c>FROM</c> names it, and the pull that brought it into the store, if one did.</summary>
internal sealed record ResolvedBase(string Name, PulledImage? Pulled);

/// <summary>
/// <c>ContainerBaseImage</c> → an image of the store: a store name or id as is; an archive loaded
/// and tagged; a registry reference the store lacks pulled with the CLI's registry client (the same
/// credentials files and loopback-over-http rule as <c>builder pull</c>). A failed or cancelled pull
/// removes what it fetched, so the store is as it was.
/// </summary>
internal static class BaseImages
{
    public static async Task<ResolvedBase> ResolveAsync(ImageStore store, ContainerSettings settings, RegistryOptions registry, CancellationToken cancellationToken)
    {
        var text = settings.BaseImage?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new ImageRequestException("BLDMSB001", "No Dockerfile and no ContainerBaseImage: set ContainerBaseImage to an image of the store (builder images), a registry image (REGISTRY/NAME:TAG) or oci-archive:FILE, or add a Dockerfile.");
        }

        if (text.StartsWith("oci-archive:", StringComparison.Ordinal) || text.StartsWith("docker-archive:", StringComparison.Ordinal))
        {
            // An archive's own name may be missing or differ: a name derived from its id.
            var image = await ImageSource.ResolveAsync(store, text, cancellationToken).ConfigureAwait(false);
            var name = $"builder-msbuild/base:{image.Id.ToShortString()}";
            store.Tag(image.Id.ToString(), name);
            return new ResolvedBase(name, null);
        }

        if (InStore(store, text))
        {
            return new ResolvedBase(text, null);
        }

        if (!ImageReference.TryParse(text, out var reference, out var why))
        {
            throw new ImageRequestException("BLDMSB007", $"ContainerBaseImage \"{text}\" is not in the store at {store.Root.Path} and is not an image reference ({why}); name a stored image (builder images), REGISTRY/NAME:TAG, NAME@sha256:DIGEST or oci-archive:FILE.");
        }

        try
        {
            var pulled = await ImagePuller.PullAsync(store, reference, registry, cancellationToken).ConfigureAwait(false);
            return new ResolvedBase(text, pulled);
        }
        catch (StoreException e)
        {
            throw new ImageRequestException("BLDMSB007", $"ContainerBaseImage {reference.ToFamiliarString()} is not in the store at {store.Root.Path}, and pulling it from {reference.Registry} failed: {e.Message}");
        }
    }

    // The engine resolves FROM the same way (ImageStore.Resolve), so what is found here is what it builds on.
    private static bool InStore(ImageStore store, string text)
    {
        try
        {
            store.Resolve(text);
            return true;
        }
        catch (StoreException)
        {
            return false;
        }
    }
}
