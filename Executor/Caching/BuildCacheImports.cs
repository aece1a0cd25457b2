using System.Collections.Immutable;
using Builder.Cache;
using Builder.Cache.Content;
using Builder.Cache.Registry;
using Builder.Executor.Progress;

namespace Builder.Executor.Caching;

/// <summary>
/// The <c>--cache-from</c> caches of one build, in the order given, open for its whole run (a
/// registry cache keeps its connection for the lazy layer fetches), and the warnings opening them
/// gave. Disposing closes them.
/// </summary>
internal sealed class BuildCacheImports(ImmutableArray<IBuildCacheSource> sources, ImmutableArray<string> warnings) : IDisposable
{
    public ImmutableArray<IBuildCacheSource> Sources { get; } = sources;

    public ImmutableArray<string> Warnings { get; } = warnings;

    /// <summary>
    /// Opens every location: a folder as it is; a registry reference by fetching its manifest and
    /// config into <paramref name="scratch"/> (BuildKit's "importing cache manifest from REF"
    /// vertex). A missing registry cache is a warning; refused credentials or an unreachable
    /// registry throw a <see cref="StoreException"/> that names the cache and what to do.
    /// </summary>
    public static async Task<BuildCacheImports> OpenAsync(IEnumerable<BuildCacheLocation> locations, RegistryOptions registry, ContentStore scratch, BuildProgress progress, CancellationToken ct)
    {
        var sources = ImmutableArray.CreateBuilder<IBuildCacheSource>();
        var warnings = ImmutableArray.CreateBuilder<string>();
        try
        {
            foreach (var location in locations)
            {
                switch (location)
                {
                    case BuildCacheLocation.Folder folder:
                        sources.Add(new LocalBuildCache(folder.Path));
                        break;
                    case BuildCacheLocation.Registry { Reference: var reference }:
                        var vertex = progress.Start("importing cache manifest from " + reference.ToFamiliarString());
                        (RegistryBuildCache? Cache, string? Warning) opened;
                        try
                        {
                            opened = await RegistryBuildCache.OpenAsync(reference, registry, scratch, ct).ConfigureAwait(false);
                        }
                        catch (StoreException e)
                        {
                            vertex.Done();
                            throw new StoreException($"--cache-from type=registry,ref={reference.ToFamiliarString()}: {e.Message}", e);
                        }

                        if (opened.Cache is { } cache)
                        {
                            vertex.Log($"{cache.Count} cached steps");
                            sources.Add(cache);
                        }
                        else
                        {
                            vertex.Log("WARNING: " + opened.Warning);
                            warnings.Add(opened.Warning!);
                        }

                        vertex.Done();
                        break;
                }
            }
        }
        catch
        {
            new BuildCacheImports(sources.ToImmutable(), []).Dispose();
            throw;
        }

        return new BuildCacheImports(sources.ToImmutable(), warnings.ToImmutable());
    }

    public void Dispose()
    {
        foreach (var source in Sources.OfType<IDisposable>())
        {
            source.Dispose();
        }
    }
}
