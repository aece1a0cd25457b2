using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Builder.Cache.Context;

/// <summary>
/// A 32-byte BLAKE3 hash of build-context content. Its text form is <c>blake3:</c> followed by 64
/// lowercase hex digits. Context hashes are not OCI digests: those are <see cref="Oci.Digest"/>
/// (sha256) and the two never mix.
/// </summary>
[JsonConverter(typeof(Blake3HashJsonConverter))]
public readonly struct Blake3Hash : IEquatable<Blake3Hash>, IComparable<Blake3Hash>
{
    public const int Length = 32;
    public const string Prefix = "blake3:";

    // Big-endian words, so comparing them in order compares the bytes in order.
    private readonly ulong _w0;
    private readonly ulong _w1;
    private readonly ulong _w2;
    private readonly ulong _w3;

    private Blake3Hash(ulong w0, ulong w1, ulong w2, ulong w3)
    {
        _w0 = w0;
        _w1 = w1;
        _w2 = w2;
        _w3 = w3;
    }

    /// <summary>The 64 lowercase hex digits, without the prefix.</summary>
    public string Hex
    {
        get
        {
            Span<byte> bytes = stackalloc byte[Length];
            CopyTo(bytes);
            return Convert.ToHexStringLower(bytes);
        }
    }

    public static Blake3Hash FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"A BLAKE3 hash is {Length} bytes, not {bytes.Length}.", nameof(bytes));
        }

        return new Blake3Hash(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
    }

    /// <summary>Parses <c>blake3:</c> followed by 64 lowercase hex digits.</summary>
    public static Blake3Hash Parse(string text) =>
        TryParse(text, out var hash) ? hash : throw new FormatException($"\"{text}\" is not a BLAKE3 hash (blake3: followed by 64 lowercase hex digits).");

    public static bool TryParse([NotNullWhen(true)] string? text, out Blake3Hash hash)
    {
        hash = default;
        if (text is null || text.Length != Prefix.Length + (2 * Length) || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var hex = text.AsSpan(Prefix.Length);
        foreach (char c in hex)
        {
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            {
                return false;
            }
        }

        Span<byte> bytes = stackalloc byte[Length];
        Convert.FromHexString(hex, bytes, out _, out _);
        hash = FromBytes(bytes);
        return true;
    }

    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"The destination needs {Length} bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _w2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _w3);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        CopyTo(bytes);
        return bytes;
    }

    public bool Equals(Blake3Hash other) => _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3;

    public override bool Equals(object? obj) => obj is Blake3Hash other && Equals(other);

    // The hash is already uniformly distributed: any 32 bits of it will do.
    public override int GetHashCode() => (int)_w0;

    public int CompareTo(Blake3Hash other)
    {
        int c = _w0.CompareTo(other._w0);
        if (c == 0)
        {
            c = _w1.CompareTo(other._w1);
        }

        if (c == 0)
        {
            c = _w2.CompareTo(other._w2);
        }

        return c != 0 ? c : _w3.CompareTo(other._w3);
    }

    /// <summary><c>blake3:</c> and 64 lowercase hex digits.</summary>
    public override string ToString() => Prefix + Hex;

    /// <summary>A short form for people: the first 12 hex digits.</summary>
    public string ToShortString() => Hex[..12];

    public static bool operator ==(Blake3Hash left, Blake3Hash right) => left.Equals(right);

    public static bool operator !=(Blake3Hash left, Blake3Hash right) => !left.Equals(right);

    public static bool operator <(Blake3Hash left, Blake3Hash right) => left.CompareTo(right) < 0;

    public static bool operator >(Blake3Hash left, Blake3Hash right) => left.CompareTo(right) > 0;

    public static bool operator <=(Blake3Hash left, Blake3Hash right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Blake3Hash left, Blake3Hash right) => left.CompareTo(right) >= 0;
}

/// <summary>Public so source-generated contexts in other assemblies can use the attribute on <see cref="Blake3Hash"/>.</summary>
public sealed class Blake3HashJsonConverter : JsonConverter<Blake3Hash>
{
    public override Blake3Hash Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return Blake3Hash.TryParse(text, out var hash) ? hash : throw new JsonException($"\"{text}\" is not a BLAKE3 hash.");
    }

    public override void Write(Utf8JsonWriter writer, Blake3Hash value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
