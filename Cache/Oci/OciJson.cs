using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Builder.Cache.Oci;

/// <summary>
/// The one JSON configuration for OCI documents: compact, nulls omitted, property order as
/// declared, and HTML-unsafe characters (<c>&lt; &gt; &amp; '</c>) not escaped, as Go's encoder
/// does for image configs (BuildKit, containerd), times in RFC 3339 UTC (<c>...Z</c>). Same input,
/// same bytes, same digest.
/// </summary>
public static class OciJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        Converters = { new RfcTimeJsonConverter() },
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Deserialize<T>(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"The JSON document is null, not a {typeof(T).Name}.");
}
