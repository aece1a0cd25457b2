using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Builder.Cache.Images.Archive;

/// <summary>One entry of a docker-archive's <c>manifest.json</c> (what <c>docker save</c> writes and <c>docker load</c> reads).</summary>
internal sealed record DockerArchiveManifest(
    [property: JsonPropertyName("Config")] string Config,
    [property: JsonPropertyName("RepoTags")] ImmutableArray<string>? RepoTags,
    [property: JsonPropertyName("Layers")] ImmutableArray<string> Layers);
