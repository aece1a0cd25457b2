using Builder.Cache.Oci;
using Builder.Cache.Registry;
using Builder.TestKit;
using Xunit;

namespace Builder.Cache.Tests.Registry;

/// <summary>docker-registry behind htpasswd: no credentials, wrong ones, and a login that saves them.</summary>
public sealed class RegistryAuthTests : IDisposable
{
    private readonly RegistryFixture _f = new();

    public void Dispose() => _f.Dispose();

    [ToolFact("docker-registry", "htpasswd")]
    public async Task Without_credentials_the_error_says_to_log_in_and_a_login_makes_push_and_pull_work()
    {
        using var registry = await RegistryServer.StartAsync("alice", "s3cret");
        var name = $"{registry.Host}/test/busybox:1";
        var source = await BusyboxImage.ImportAsync(_f.Source, name);

        var anonymous = await Assert.ThrowsAsync<StoreException>(() => ImagePusher.PushAsync(_f.Source, name, _f.Options));
        Assert.Contains($"run builder login {registry.Host}", anonymous.Message);
        var wrong = await Assert.ThrowsAsync<StoreException>(() =>
            RegistryLogin.LoginAsync(registry.Host, new RegistryCredentials("alice", "nope"), _f.Auth, _f.Options));
        Assert.Contains("access denied for user alice", wrong.Message);
        Assert.False(File.Exists(_f.Auth.Path));

        await RegistryLogin.LoginAsync(registry.Host, new RegistryCredentials("alice", "s3cret"), _f.Auth, _f.Options);
        await ImagePusher.PushAsync(_f.Source, name, _f.Options);
        var pulled = await ImagePuller.PullAsync(_f.Target, ImageReference.Parse(name), _f.Options);

        Assert.Equal(source.Id, pulled.Image.Id);
    }
}
