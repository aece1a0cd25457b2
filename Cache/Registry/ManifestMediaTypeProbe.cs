using System.Text.Json;
using System.Text.Json.Serialization;

namespace Builder.Cache.Registry;

/// <summary>The two fields that tell a manifest from an index when a registry's Content-Type is not to be trusted.</summary>
internal sealed record ManifestMediaTypeProbe(
    [property: JsonPropertyName("mediaType")] string? MediaType,
    [property: JsonPropertyName("manifests")] JsonElement? Manifests);
