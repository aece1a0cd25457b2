using Builder.Cache.Oci;
using Xunit;

namespace Builder.Cache.Tests.Oci;

public sealed class DigestTests
{
    [Fact]
    public void Computes_sha256_of_content()
    {
        var digest = Digest.Compute("hello"u8);
        Assert.Equal("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", digest.ToString());
        Assert.Equal("2cf24dba5fb0", digest.ToShortString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha256:")]
    [InlineData("sha256:2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824")]
    [InlineData("sha512:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")]
    [InlineData("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982")]
    [InlineData("sha256:../../../../etc/passwd00000000000000000000000000000000000000000")]
    public void Rejects_malformed_digests(string text)
    {
        Assert.False(Digest.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Digest.Parse(text));
    }

    [Fact]
    public void Round_trips_through_json()
    {
        var d = Digest.Compute("x"u8);
        var json = OciJson.Serialize(new Descriptor(MediaTypes.OciLayer, d, 1));
        Assert.Equal(d, OciJson.Deserialize<Descriptor>(json).Digest);
    }
}
