using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Builder.Cache.Oci;

/// <summary>
/// Writes times as Go's RFC 3339 (nano) does for image configs: UTC with a <c>Z</c>, trailing zero
/// fraction digits dropped (<c>2026-01-02T03:04:05Z</c>), so configs hash like BuildKit's. Reads any
/// ISO 8601 time, including Go's nine fraction digits.
/// </summary>
internal sealed class RfcTimeJsonConverter : JsonConverter<DateTimeOffset>
{
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));
}
