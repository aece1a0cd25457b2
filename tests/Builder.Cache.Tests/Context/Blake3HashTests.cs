using System.Text.Json;
using Builder.Cache.Context;
using Xunit;

namespace Builder.Cache.Tests.Context;

public sealed class Blake3HashTests
{
    private const string Empty = "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262";

    [Fact]
    public void Text_form_has_the_blake3_prefix()
    {
        var hash = Blake3Hasher.Hash(ReadOnlySpan<byte>.Empty);
        Assert.Equal("blake3:" + Empty, hash.ToString());
        Assert.Equal(Empty, hash.Hex);
        Assert.Equal(Empty[..12], hash.ToShortString());
    }

    [Fact]
    public void Parse_round_trips_and_rejects_malformed_text()
    {
        var hash = Blake3Hash.Parse("blake3:" + Empty);
        Assert.Equal(Blake3Hasher.Hash(ReadOnlySpan<byte>.Empty), hash);
        Assert.False(Blake3Hash.TryParse(Empty, out _));
        Assert.False(Blake3Hash.TryParse("sha256:" + Empty, out _));
        Assert.False(Blake3Hash.TryParse("blake3:" + Empty.ToUpperInvariant(), out _));
        Assert.False(Blake3Hash.TryParse("blake3:" + Empty[..63], out _));
        Assert.False(Blake3Hash.TryParse(null, out _));
        Assert.Throws<FormatException>(() => Blake3Hash.Parse("blake3:xyz"));
    }

    [Fact]
    public void Bytes_round_trip_and_order_is_byte_order()
    {
        var bytes = Convert.FromHexString(Empty);
        var hash = Blake3Hash.FromBytes(bytes);
        Assert.Equal(bytes, hash.ToArray());
        var low = new byte[32];
        var high = new byte[32];
        high[31] = 1;
        Assert.True(Blake3Hash.FromBytes(low) < Blake3Hash.FromBytes(high));
        high[31] = 0;
        high[0] = 1;
        Assert.True(Blake3Hash.FromBytes(high).CompareTo(hash) < 0); // 0x01.. < 0xaf..
        Assert.Throws<ArgumentException>(() => Blake3Hash.FromBytes(new byte[31]));
    }

    [Fact]
    public void Json_uses_the_text_form()
    {
        var hash = Blake3Hash.Parse("blake3:" + Empty);
        var json = JsonSerializer.Serialize(hash);
        Assert.Equal($"\"blake3:{Empty}\"", json);
        Assert.Equal(hash, JsonSerializer.Deserialize<Blake3Hash>(json));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Blake3Hash>($"\"sha256:{Empty}\""));
    }
}
