using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Builder.Cache.Oci;

/// <summary>
/// The one JSON configuration for OCI documents: compact, nulls omitted, property order as
/// declared, and HTML-unsafe characters (<c>&lt; &gt; &amp; '</c>) not escaped, as Go's encoder
/// does for image configs (BuildKit, containerd), times in RFC 3339 UTC (<c>...Z</c>). Same input,
/// same bytes, same digest.
/// </summary>
/// <remarks>
/// Type metadata comes from source generation only (<see cref="OciJsonContext"/> here, a context of
/// their own in assemblies with records of their own): the CLI is compiled ahead of time, where
/// reflection-based serialization does not exist. A type no context declares fails loudly.
/// </remarks>
public static class OciJson
{
    public static JsonSerializerOptions Options { get; } = new OciJsonContext(NewOptions()).Options;

    /// <summary>Fresh options with this configuration, for a source-generated context to bind.</summary>
    public static JsonSerializerOptions NewOptions() => new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        Converters = { new RfcTimeJsonConverter() },
    };

    public static byte[] Serialize<T>(T value) => Serialize(value, TypeInfo<T>(Options));

    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

    public static T Deserialize<T>(ReadOnlySpan<byte> json) => Deserialize(json, TypeInfo<T>(Options));

    public static T Deserialize<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(json, typeInfo) ?? throw new JsonException($"The JSON document is null, not a {typeof(T).Name}.");

    private static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
}
