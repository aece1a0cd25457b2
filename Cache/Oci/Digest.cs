using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Builder.Cache.Oci;

/// <summary>
/// A content digest, <c>sha256:</c> followed by 64 lowercase hex digits. Validated on
/// construction, so a <see cref="Digest"/> in hand is always well formed; never a plain string.
/// </summary>
[JsonConverter(typeof(DigestJsonConverter))]
public readonly struct Digest : IEquatable<Digest>, IComparable<Digest>
{
    public const string Sha256Algorithm = "sha256";
    private const int Sha256HexLength = 64;

    private readonly string? _value;

    private Digest(string value) => _value = value;

    public string Algorithm => Sha256Algorithm;

    /// <summary>The hex part: 64 lowercase hex digits.</summary>
    public string Hex => Value.Substring(Sha256Algorithm.Length + 1);

    private string Value => _value ?? throw new InvalidOperationException("default(Digest) is not a digest.");

    public bool IsDefault => _value is null;

    public static Digest Parse(string text) =>
        TryParse(text, out var digest) ? digest : throw new FormatException($"\"{text}\" is not a sha256 digest (sha256: followed by 64 lowercase hex digits).");

    public static bool TryParse([NotNullWhen(true)] string? text, out Digest digest)
    {
        digest = default;
        if (text is null || text.Length != Sha256Algorithm.Length + 1 + Sha256HexLength || !text.StartsWith("sha256:", StringComparison.Ordinal))
        {
            return false;
        }

        for (int i = Sha256Algorithm.Length + 1; i < text.Length; i++)
        {
            char c = text[i];
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            {
                return false;
            }
        }

        digest = new Digest(text);
        return true;
    }

    public static Digest FromHash(ReadOnlySpan<byte> sha256)
    {
        if (sha256.Length != 32)
        {
            throw new ArgumentException("A sha256 hash is 32 bytes.", nameof(sha256));
        }

        return new Digest("sha256:" + Convert.ToHexStringLower(sha256));
    }

    public static Digest Compute(ReadOnlySpan<byte> content) => FromHash(SHA256.HashData(content));

    public static Digest Compute(Stream content) => FromHash(SHA256.HashData(content));

    public bool Equals(Digest other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is Digest other && Equals(other);

    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    public int CompareTo(Digest other) => string.CompareOrdinal(_value, other._value);

    public override string ToString() => _value ?? string.Empty;

    /// <summary>A short form for people: the first 12 hex digits, as <c>docker images</c> shows ids.</summary>
    public string ToShortString() => Hex.Substring(0, 12);

    public static bool operator ==(Digest left, Digest right) => left.Equals(right);

    public static bool operator !=(Digest left, Digest right) => !left.Equals(right);
}

/// <summary>Public so source-generated contexts in other assemblies can use the attribute on <see cref="Digest"/>.</summary>
public sealed class DigestJsonConverter : JsonConverter<Digest>
{
    public override Digest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return Digest.TryParse(text, out var digest) ? digest : throw new JsonException($"\"{text}\" is not a sha256 digest.");
    }

    public override void Write(Utf8JsonWriter writer, Digest value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
