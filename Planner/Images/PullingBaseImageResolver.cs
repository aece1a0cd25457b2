using Builder.Cache;
using Builder.Cache.Images;
using Builder.Cache.Oci;
using Builder.Cache.Registry;

namespace Builder.Planner.Images;

/// <summary>
/// <see cref="StoreBaseImageResolver"/> that pulls a <c>FROM</c> image missing from the store (or
/// every one, with <c>--pull</c>), as <c>docker build</c> does. The planner resolves each reference
/// once, synchronously, before any step runs, so the pull blocks here rather than threading async
/// through the lowering.
/// </summary>
public sealed class PullingBaseImageResolver(ImageStore store, RegistryOptions options, bool always, CancellationToken cancellationToken = default) : IBaseImageResolver
{
    private readonly StoreBaseImageResolver _local = new(store);

    public BaseImage? Resolve(string reference, Platform platform, out string? error)
    {
        string? localError = null;
        if (!always && _local.Resolve(reference, platform, out localError) is { } found)
        {
            error = null;
            return found;
        }

        if (!ImageReference.TryParse(reference, out var name, out _))
        {
            error = localError ?? $"\"{reference}\" is not an image reference";
            return null;
        }

        try
        {
            ImagePuller.PullAsync(store, name, platform, options, cancellationToken).GetAwaiter().GetResult();
        }
        catch (StoreException e)
        {
            error = localError is null ? $"pulling {name.ToFamiliarString()} failed: {e.Message}" : $"{localError}; pulling it failed: {e.Message}";
            return null;
        }

        return _local.Resolve(reference, platform, out error);
    }
}
