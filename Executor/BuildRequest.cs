using System.Collections.Immutable;
using Builder.Cache.Images;
using Builder.Parser.Diagnostics;
using Builder.Parser.Text;

namespace Builder.Executor;

/// <summary>What <c>builder build</c> asks for.</summary>
public sealed record BuildRequest(string ContextDirectory)
{
    /// <summary>The Dockerfile (<c>-f</c>); null = <c>CONTEXT/Dockerfile</c>.</summary>
    public string? DockerfilePath { get; init; }

    public ImmutableArray<string> Tags { get; init; } = ImmutableArray<string>.Empty;

    public ImmutableDictionary<string, string> BuildArgs { get; init; } = ImmutableDictionary<string, string>.Empty;

    public string? Target { get; init; }

    /// <summary><c>--network</c>: the network of RUN steps that do not name one.</summary>
    public Builder.Parser.Instructions.NetworkMode Network { get; init; } = Builder.Parser.Instructions.NetworkMode.Default;

    /// <summary><c>--secret</c>: what <c>RUN --mount=type=secret</c> can read.</summary>
    public ImmutableArray<Secrets.SecretSource> Secrets { get; init; } = ImmutableArray<Secrets.SecretSource>.Empty;

    /// <summary>The Dockerfile's bytes when it does not come from a file (<c>-f -</c>: stdin); <see cref="DockerfilePath"/> then only names it.</summary>
    public byte[]? DockerfileContent { get; init; }

    /// <summary><c>--label KEY=VALUE</c>: labels on the built image's config.</summary>
    public ImmutableDictionary<string, string> Labels { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>
    /// How to reach registries for <c>FROM</c> images missing from the store; null: the store only
    /// (library callers and tests that must not touch the network).
    /// </summary>
    public Builder.Cache.Registry.RegistryOptions? Registry { get; init; }

    /// <summary><c>--pull</c>: pull every <c>FROM</c> image even when the store has it (needs <see cref="Registry"/>).</summary>
    public bool Pull { get; init; }

    /// <summary><c>--push</c> (or <c>--output type=registry</c>): after the build, push every tag to its registry (needs <see cref="Registry"/>).</summary>
    public bool Push { get; init; }

    internal bool Pushes => Push || Outputs.Any(o => o.Type == Export.BuildOutputType.Registry);

    /// <summary>Run every step even when the cache has its result (results are still recorded).</summary>
    public bool NoCache { get; init; }

    /// <summary>At most this many steps run at once (<c>--jobs</c>, at least 1).</summary>
    public int Jobs { get; init; } = Builder.Planner.Scheduling.SchedulerOptions.DefaultMaxConcurrency;

    /// <summary><c>--output</c>: tars to write besides the store.</summary>
    public ImmutableArray<Export.BuildOutput> Outputs { get; init; } = ImmutableArray<Export.BuildOutput>.Empty;

    /// <summary><c>--cache-from type=local,src=DIR</c>: build caches to take CACHED steps from.</summary>
    public ImmutableArray<string> CacheFrom { get; init; } = ImmutableArray<string>.Empty;

    /// <summary><c>--cache-to type=local,dest=DIR</c>: where to write this build's cache.</summary>
    public string? CacheTo { get; init; }

    /// <summary><c>mode=max</c> of <see cref="CacheTo"/>: every step of the build, not only the target stage's.</summary>
    public bool CacheToAllStages { get; init; }

    /// <summary><c>--iidfile</c>: gets the image id.</summary>
    public string? IidFile { get; init; }

    /// <summary><c>--metadata-file</c>: gets buildx's JSON (manifest and config digests).</summary>
    public string? MetadataFile { get; init; }

    /// <summary><c>--explain</c>: for every step that misses the cache, say which of its inputs changed since the last successful build.</summary>
    public bool Explain { get; init; }

    /// <summary>
    /// How new layers are stored (<c>--compression</c>). Uncompressed by default, as BuildKit's
    /// docker exporter keeps them until a push: a build does not spend its time in gzip, and the
    /// image id (the config, which names uncompressed diff ids) is the same either way.
    /// </summary>
    public Builder.Cache.Oci.LayerCompression Compression { get; init; } = Builder.Cache.Oci.LayerCompression.None;

    /// <summary>When set: every new <c>created</c> time and layer mtime clamp.</summary>
    public DateTimeOffset? SourceDateEpoch { get; init; }
}

/// <summary>A diagnostic and the file it points into (the Dockerfile or the .dockerignore).</summary>
public sealed record BuildDiagnostic(Diagnostic Diagnostic, SourceText Source);

/// <summary>
/// The outcome: the image (null on failure), the diagnostics, an unlocated error (a missing
/// Dockerfile or context, a bad tag), and how many steps ran and how many came from the cache.
/// </summary>
public sealed record BuildResult(StoredImage? Image, ImmutableArray<BuildDiagnostic> Diagnostics, string? Error, int Executed, int Cached)
{
    /// <summary>With <see cref="BuildRequest.Explain"/>: why each step that ran missed the cache, by its progress name.</summary>
    public ImmutableDictionary<string, ImmutableArray<string>> Explanations { get; init; } = ImmutableDictionary<string, ImmutableArray<string>>.Empty;

    public bool Succeeded => Image is not null;
}
