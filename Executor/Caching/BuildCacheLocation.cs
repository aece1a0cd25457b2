using Builder.Cache.Oci;

namespace Builder.Executor.Caching;

/// <summary>Where a build cache lives (<c>--cache-to</c> / <c>--cache-from</c>): a folder or a registry reference.</summary>
public abstract record BuildCacheLocation
{
    private BuildCacheLocation()
    {
    }

    /// <summary><c>type=local,dest=DIR</c> / <c>type=local,src=DIR</c>.</summary>
    public sealed record Folder(string Path) : BuildCacheLocation
    {
        public override string ToString() => Path;
    }

    /// <summary><c>type=registry,ref=REGISTRY/REPO:TAG</c>: an OCI artifact in a registry (layout in Executor/README.md).</summary>
    public sealed record Registry(ImageReference Reference) : BuildCacheLocation
    {
        public override string ToString() => Reference.ToFamiliarString();
    }
}
