using System.Collections.Immutable;

namespace Builder.Cache.Registry;

/// <summary>How to talk to registries: which may use plain http, where credentials live, retries and upload sizes.</summary>
public sealed record RegistryOptions
{
    /// <summary>Registries (host[:port]) reached over plain http; localhost and 127.0.0.1 always are.</summary>
    public ImmutableArray<string> InsecureRegistries { get; init; } = [];

    /// <summary>Credentials files, first match wins: builder's own, then Docker's.</summary>
    public ImmutableArray<AuthFile> AuthFiles { get; init; } = [new AuthFile(AuthFile.DefaultPath()), new AuthFile(AuthFile.DockerPath())];

    /// <summary>Attempts per request on 5xx, 429 or a dropped connection.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>The first retry's delay; each later one doubles it (a Retry-After header wins).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// When set, blobs larger than this go up in PATCH chunks of this size (for a registry or proxy
    /// that limits request bodies); by default every blob is one streamed PUT, which is faster.
    /// </summary>
    public long? ChunkSize { get; init; }

    /// <summary>Blobs transferred at once.</summary>
    public int Parallelism { get; init; } = 3;

    public RegistryCredentials? CredentialsFor(string registry) =>
        AuthFiles.Select(f => f.Find(registry)).FirstOrDefault(c => c is not null);
}
