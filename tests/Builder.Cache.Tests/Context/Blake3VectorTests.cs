using System.Text;
using Builder.Cache.Context;
using Xunit;

namespace Builder.Cache.Tests.Context;

public sealed class Blake3VectorTests
{
    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        foreach (var c in Blake3Vectors.File.Cases)
        {
            data.Add(c.InputLength);
        }

        return data;
    }

    [Fact]
    public void Vectors_are_the_official_file()
    {
        var file = Blake3Vectors.File;
        Assert.Equal("whats the Elvish word for friend", file.Key);
        Assert.Equal(Blake3Vectors.DefaultContextString, file.ContextString);
        Assert.True(file.Cases.Count >= 20, $"{file.Path} has only {file.Cases.Count} cases.");
        Assert.Contains(file.Cases, c => c.InputLength == 0);
        Assert.Contains(file.Cases, c => c.InputLength > 64 * 1024); // past AVX-512's 16-chunk batches
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Hash_matches(int length)
    {
        var c = Case(length);
        var input = Blake3Vectors.Input(length);
        Assert.Equal(c.Hash[..64], Blake3Hasher.Hash(input).Hex);
        using var hasher = new Blake3Hasher();
        hasher.Update(input);
        Assert.Equal(c.Hash, Xof(hasher, c.Hash.Length / 2));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Keyed_hash_matches(int length)
    {
        var c = Case(length);
        using var hasher = Blake3Hasher.CreateKeyed(Encoding.ASCII.GetBytes(Blake3Vectors.File.Key));
        hasher.Update(Blake3Vectors.Input(length));
        Assert.Equal(c.KeyedHash[..64], hasher.GetHash().Hex);
        Assert.Equal(c.KeyedHash, Xof(hasher, c.KeyedHash.Length / 2));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Derive_key_matches(int length)
    {
        var c = Case(length);
        using var hasher = Blake3Hasher.CreateDeriveKey(Blake3Vectors.File.ContextString);
        hasher.Update(Blake3Vectors.Input(length));
        Assert.Equal(c.DeriveKey, Xof(hasher, c.DeriveKey.Length / 2));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Streaming_in_pieces_matches(int length)
    {
        var c = Case(length);
        var input = Blake3Vectors.Input(length);
        using var hasher = new Blake3Hasher();
        int offset = 0;
        int piece = 1;
        while (offset < input.Length)
        {
            int n = Math.Min(piece, input.Length - offset);
            hasher.Update(input.AsSpan(offset, n));
            offset += n;
            piece = (piece * 7 % 1500) + 1; // odd sizes that straddle blocks (64) and chunks (1024)
        }

        Assert.Equal(c.Hash[..64], hasher.GetHash().Hex);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Files_hash_like_memory(int length)
    {
        using var dir = new TestKit.TempDirectory();
        var path = dir.Combine("input.bin");
        File.WriteAllBytes(path, Blake3Vectors.Input(length));
        Assert.Equal(Case(length).Hash[..64], Blake3Hasher.HashFile(path).Hex);
    }

    [Fact]
    public void Reset_starts_over_in_the_same_mode()
    {
        var key = Encoding.ASCII.GetBytes(Blake3Vectors.File.Key);
        using var hasher = Blake3Hasher.CreateKeyed(key);
        hasher.Update("garbage"u8);
        hasher.Reset();
        hasher.Update(Blake3Vectors.Input(1023));
        Assert.Equal(Case(1023).KeyedHash[..64], hasher.GetHash().Hex);
    }

    [Fact]
    public void Native_library_is_the_debian_version()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+$", Blake3Hasher.NativeVersion);
    }

    private static Blake3Vectors.VectorCase Case(int length) => Blake3Vectors.File.Cases.First(c => c.InputLength == length);

    private static string Xof(Blake3Hasher hasher, int length)
    {
        var output = new byte[length];
        hasher.GetOutput(output);
        return Convert.ToHexStringLower(output);
    }
}
