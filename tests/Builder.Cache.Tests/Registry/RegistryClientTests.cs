using Builder.Cache.Registry;
using Xunit;

namespace Builder.Cache.Tests.Registry;

/// <summary>Retries and the Bearer token flow, against a scripted HTTP server.</summary>
public sealed class RegistryClientTests : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();
    private readonly RegistryFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Server_errors_are_retried_until_the_registry_answers()
    {
        using var server = new FakeHttpServer((_, n) => n <= 2 ? (503, NoHeaders, "busy") : (200, NoHeaders, "{}"));

        await RegistryLogin.CheckAsync(server.Host, null, _f.Options);

        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("/v2/", r.PathAndQuery));
    }

    [Fact]
    public async Task Too_many_requests_is_retried_and_a_registry_that_stays_down_is_reported_after_the_last_attempt()
    {
        using var server = new FakeHttpServer((_, n) => n == 1 ? (429, NoHeaders, "") : (500, NoHeaders, """{"errors":[{"code":"UNKNOWN","message":"disk on fire"}]}"""));
        var options = _f.Options with { MaxAttempts = 3 };

        var e = await Assert.ThrowsAsync<StoreException>(() => RegistryLogin.CheckAsync(server.Host, null, options));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal($"logging in to {server.Host}: the registry at {server.Host} answered 500 Internal Server Error: UNKNOWN disk on fire 3 times; try again later", e.Message);
    }

    [Fact]
    public async Task A_bearer_challenge_is_answered_with_a_token_fetched_with_the_credentials()
    {
        FakeHttpServer? self = null;
        using var server = new FakeHttpServer((request, _) =>
        {
            if (request.Url!.AbsolutePath == "/token")
            {
                return request.Headers["Authorization"] == "Basic " + Convert.ToBase64String("carol:pw"u8.ToArray())
                    ? (200, NoHeaders, """{"token":"tok-1"}""")
                    : (401, NoHeaders, "");
            }

            return request.Headers["Authorization"] == "Bearer tok-1"
                ? (200, NoHeaders, "{}")
                : (401, new Dictionary<string, string> { ["WWW-Authenticate"] = $"Bearer realm=\"http://{self!.Host}/token\",service=\"fake\",scope=\"repository:a/b:pull,push\"" }, "");
        });
        self = server;

        await RegistryLogin.CheckAsync(server.Host, new RegistryCredentials("carol", "pw"), _f.Options);

        var requests = server.Requests.ToList();
        Assert.Equal(3, requests.Count);
        Assert.Equal("/token?service=fake&scope=repository%3Aa%2Fb%3Apull%2Cpush", requests[1].PathAndQuery);
        Assert.Equal("Bearer tok-1", requests[2].Authorization);
    }

    [Fact]
    public async Task A_bearer_challenge_without_credentials_that_the_token_service_refuses_says_to_log_in()
    {
        FakeHttpServer? self = null;
        using var server = new FakeHttpServer((request, _) => request.Url!.AbsolutePath == "/token"
            ? (401, NoHeaders, "")
            : (401, new Dictionary<string, string> { ["WWW-Authenticate"] = $"Bearer realm=\"http://{self!.Host}/token\",service=\"fake\"" }, ""));
        self = server;

        var e = await Assert.ThrowsAsync<StoreException>(() => RegistryLogin.CheckAsync(server.Host, null, _f.Options));

        Assert.EndsWith($"run builder login {server.Host}", e.Message);
    }
}
