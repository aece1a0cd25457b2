using System.Net;

namespace Builder.Cache.Registry;

/// <summary><c>builder login</c>: checks credentials against the registry's <c>/v2/</c> before saving them.</summary>
public static class RegistryLogin
{
    /// <summary>GETs <c>/v2/</c> with <paramref name="credentials"/> (or the stored ones); throws with what to do unless the registry accepts them.</summary>
    public static async Task CheckAsync(string registry, RegistryCredentials? credentials, RegistryOptions options, CancellationToken cancellationToken = default)
    {
        using var client = new RegistryClient(registry, [], options, credentials);
        using var response = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, client.Resolve("v2/")), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await client.ErrorAsync(response, $"logging in to {registry}", cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task LoginAsync(string registry, RegistryCredentials credentials, AuthFile file, RegistryOptions options, CancellationToken cancellationToken = default)
    {
        await CheckAsync(registry, credentials, options, cancellationToken).ConfigureAwait(false);
        file.Save(registry, credentials);
    }
}
