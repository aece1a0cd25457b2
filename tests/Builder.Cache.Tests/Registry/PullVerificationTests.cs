using System.Text;
using Builder.Cache.Oci;
using Builder.Cache.Registry;
using Xunit;

namespace Builder.Cache.Tests.Registry;

/// <summary>A registry that serves bytes other than the digest names: the pull fails and leaves the store as it was.</summary>
public sealed class PullVerificationTests : IDisposable
{
    private readonly RegistryFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task A_blob_that_does_not_match_its_digest_fails_the_pull_and_nothing_stays_behind()
    {
        var config = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""");
        var configDigest = Digest.Compute(config);
        var manifest = Encoding.UTF8.GetString(OciJson.Serialize(new Manifest(MediaTypes.OciManifest, new Descriptor(MediaTypes.OciConfig, configDigest, config.Length), [])));
        var tampered = Encoding.UTF8.GetString(config).Replace("amd64", "arm64");
        var headers = new Dictionary<string, string> { ["Content-Type"] = MediaTypes.OciManifest };
        using var server = new FakeHttpServer((request, _) => request.Url!.AbsolutePath switch
        {
            "/v2/x/manifests/1" => (200, headers, manifest),
            var p when p == $"/v2/x/blobs/{configDigest}" => (200, new Dictionary<string, string>(), tampered),
            _ => (404, new Dictionary<string, string>(), ""),
        });

        var e = await Assert.ThrowsAsync<StoreException>(() => ImagePuller.PullAsync(_f.Target, ImageReference.Parse($"{server.Host}/x:1"), _f.Options));

        Assert.StartsWith($"content digest mismatch: expected {configDigest}, got sha256:", e.Message);
        Assert.Empty(_f.Target.Content.List());
        Assert.Empty(_f.Target.List());
    }

    [Theory]
    [InlineData("127.0.0.1:5000", null, "http://127.0.0.1:5000/")]
    [InlineData("localhost", null, "http://localhost/")]
    [InlineData("registry.example:5000", null, "https://registry.example:5000/")]
    [InlineData("registry.example:5000", "registry.example:5000", "http://registry.example:5000/")]
    [InlineData("registry.example", "registry.example", "http://registry.example/")]
    [InlineData("docker.io", null, "https://registry-1.docker.io/")]
    public void Plain_http_is_for_loopback_and_insecure_registries_only(string registry, string? insecure, string expected)
    {
        var options = new RegistryOptions { InsecureRegistries = insecure is null ? [] : [insecure], AuthFiles = [] };

        Assert.Equal(expected, RegistryEndpoint.BaseUri(registry, options).ToString());
    }
}
