using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Builder.Cache.Oci;

/// <summary>An OCI platform: <c>os/architecture[/variant]</c>.</summary>
public sealed record Platform(
    [property: JsonPropertyName("architecture")] string Architecture,
    [property: JsonPropertyName("os")] string Os)
{
    [JsonPropertyName("os.version")]
    public string? OsVersion { get; init; }

    [JsonPropertyName("os.features")]
    public ImmutableArray<string>? OsFeatures { get; init; }

    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    public static Platform LinuxAmd64 { get; } = new("amd64", "linux");

    /// <summary>Parses <c>os/arch[/variant]</c>, as in <c>--platform=linux/arm64/v8</c>.</summary>
    public static bool TryParse(string text, out Platform? platform)
    {
        platform = null;
        var parts = text.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
        {
            return false;
        }

        platform = new Platform(parts[1].ToLowerInvariant(), parts[0].ToLowerInvariant())
        {
            Variant = parts.Length == 3 ? parts[2].ToLowerInvariant() : null,
        };
        return true;
    }

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
