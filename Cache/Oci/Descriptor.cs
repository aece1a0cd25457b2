using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Builder.Cache.Oci;

/// <summary>An OCI content descriptor: what a blob is, its digest and size.</summary>
public sealed record Descriptor(
    [property: JsonPropertyName("mediaType")] string MediaType,
    [property: JsonPropertyName("digest")] Digest Digest,
    [property: JsonPropertyName("size")] long Size)
{
    [JsonPropertyName("urls")]
    public ImmutableArray<string>? Urls { get; init; }

    [JsonPropertyName("annotations")]
    public ImmutableSortedDictionary<string, string>? Annotations { get; init; }

    [JsonPropertyName("platform")]
    public Platform? Platform { get; init; }

    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }

    public string? Annotation(string key) => Annotations is { } a && a.TryGetValue(key, out var v) ? v : null;

    public Descriptor WithAnnotation(string key, string value) =>
        this with { Annotations = (Annotations ?? ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal)).SetItem(key, value) };
}

/// <summary>Well-known annotation keys.</summary>
public static class AnnotationKeys
{
    public const string RefName = "org.opencontainers.image.ref.name";
    public const string Created = "org.opencontainers.image.created";
    public const string ContainerdImageName = "io.containerd.image.name";
}
