using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Builder.Cache.Oci;

/// <summary>An image manifest (OCI, or Docker schema 2 when <see cref="MediaType"/> says so).</summary>
public sealed record Manifest(
    [property: JsonPropertyName("mediaType")] string MediaType,
    [property: JsonPropertyName("config")] Descriptor Config,
    [property: JsonPropertyName("layers")] ImmutableArray<Descriptor> Layers)
{
    [JsonPropertyName("schemaVersion")]
    [JsonPropertyOrder(-1)]
    public int SchemaVersion { get; init; } = 2;

    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }

    [JsonPropertyName("subject")]
    public Descriptor? Subject { get; init; }

    [JsonPropertyName("annotations")]
    public ImmutableSortedDictionary<string, string>? Annotations { get; init; }
}

/// <summary>An image index (OCI) or manifest list (Docker).</summary>
public sealed record ImageIndex(
    [property: JsonPropertyName("mediaType")] string MediaType,
    [property: JsonPropertyName("manifests")] ImmutableArray<Descriptor> Manifests)
{
    [JsonPropertyName("schemaVersion")]
    [JsonPropertyOrder(-1)]
    public int SchemaVersion { get; init; } = 2;

    [JsonPropertyName("annotations")]
    public ImmutableSortedDictionary<string, string>? Annotations { get; init; }
}
