using Builder.Cache.Oci;
using Xunit;

namespace Builder.Cache.Tests.Oci;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("busybox", "docker.io/library/busybox:latest", "busybox:latest")]
    [InlineData("busybox:1.36", "docker.io/library/busybox:1.36", "busybox:1.36")]
    [InlineData("me/app:v1", "docker.io/me/app:v1", "me/app:v1")]
    [InlineData("index.docker.io/library/alpine", "docker.io/library/alpine:latest", "alpine:latest")]
    [InlineData("localhost/app", "localhost/app:latest", "localhost/app:latest")]
    [InlineData("localhost:5000/a/b:c", "localhost:5000/a/b:c", "localhost:5000/a/b:c")]
    [InlineData("127.0.0.1:5000/x", "127.0.0.1:5000/x:latest", "127.0.0.1:5000/x:latest")]
    [InlineData("ghcr.io/org/sub/image:1.0-rc_1", "ghcr.io/org/sub/image:1.0-rc_1", "ghcr.io/org/sub/image:1.0-rc_1")]
    [InlineData("my-registry.example.com/a__b/c.d-e", "my-registry.example.com/a__b/c.d-e:latest", "my-registry.example.com/a__b/c.d-e:latest")]
    public void Normalises_like_docker(string text, string full, string familiar)
    {
        var reference = ImageReference.Parse(text);
        Assert.Equal(full, reference.ToString());
        Assert.Equal(familiar, reference.ToFamiliarString());
    }

    [Fact]
    public void Digest_references_have_no_default_tag()
    {
        var d = Digest.Compute("x"u8);
        var reference = ImageReference.Parse($"alpine@{d}");
        Assert.Null(reference.Tag);
        Assert.Equal(d, reference.Digest);
        Assert.Equal($"docker.io/library/alpine@{d}", reference.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Busybox")]
    [InlineData("busybox:")]
    [InlineData("busybox:-bad")]
    [InlineData("a//b")]
    [InlineData("a/b-")]
    [InlineData("alpine@sha256:nothex")]
    [InlineData("UPPER.example.com:5000:tag/x")]
    public void Rejects_invalid_references(string text)
    {
        Assert.False(ImageReference.TryParse(text, out _, out var error));
        Assert.NotEmpty(error!);
    }
}
