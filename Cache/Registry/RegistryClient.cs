using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Builder.Cache.Registry;

/// <summary>
/// One registry, for a set of repository scopes: sends requests with retries (5xx, 429, dropped
/// connections; exponential backoff, Retry-After honoured) and answers 401 challenges once per
/// request (Basic with stored credentials, or the Bearer token flow of the distribution spec).
/// </summary>
internal sealed class RegistryClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly RegistryOptions _options;
    private readonly RegistryCredentials? _credentials;
    private readonly IReadOnlyList<string> _scopes;
    private AuthenticationHeaderValue? _authorization;

    public RegistryClient(string registry, IReadOnlyList<string> scopes, RegistryOptions options, RegistryCredentials? credentials = null)
    {
        Registry = registry;
        BaseUri = RegistryEndpoint.BaseUri(registry, options);
        _options = options;
        _scopes = scopes;
        _credentials = credentials ?? options.CredentialsFor(registry);
        _http = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(15),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("builder/0.1");
    }

    public string Registry { get; }

    public Uri BaseUri { get; }

    public Uri Resolve(string pathAndQuery) => new(BaseUri, pathAndQuery);

    /// <summary>
    /// Sends the request <paramref name="make"/> builds (called again for each retry, so a body
    /// stream is opened fresh each time); returns the last response, whatever its status.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> make, CancellationToken cancellationToken)
    {
        bool authenticated = false;
        for (int attempt = 1; ; attempt++)
        {
            using var request = make();
            if (_authorization is not null && request.Headers.Authorization is null)
            {
                request.Headers.Authorization = _authorization;
            }

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData })
            {
                throw new StoreException($"cannot resolve the registry host of {Registry} ({e.Message}); check the image name and the network (DNS).", e);
            }
            catch (HttpRequestException e) when (IsRefused(e))
            {
                throw new StoreException($"cannot connect to {BaseUri} ({e.Message}); is the registry running at {Registry}?", e);
            }
            catch (HttpRequestException) when (attempt < _options.MaxAttempts)
            {
                await Task.Delay(Backoff(attempt, null), cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (HttpRequestException e)
            {
                throw new StoreException($"request to {request.RequestUri} failed after {attempt} attempts ({e.Message}); check the network and that {Registry} serves the registry API.", e);
            }

            if (response.StatusCode == HttpStatusCode.Unauthorized && !authenticated && AuthChallenge.From(response.Headers) is { } challenge)
            {
                authenticated = true;
                response.Dispose();
                _authorization = await AnswerAsync(challenge, cancellationToken).ConfigureAwait(false);
                attempt--;
                continue;
            }

            if (IsTransient(response.StatusCode) && attempt < _options.MaxAttempts)
            {
                var delay = Backoff(attempt, response.Headers.RetryAfter);
                response.Dispose();
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                continue;
            }

            return response;
        }
    }

    /// <summary>Turns a failed response into an error that says what to do.</summary>
    public async Task<StoreException> ErrorAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var detail = await ErrorDetailAsync(response, cancellationToken).ConfigureAwait(false);
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}{(detail.Length > 0 ? ": " + detail : "")}";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new StoreException(
                _credentials is null
                    ? $"{what}: unauthorized ({status}); run builder login {Registry}"
                    : $"{what}: access denied for user {_credentials.Username} ({status}); check the name and your rights, or run builder login {Registry} again"),
            HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError => new StoreException(
                $"{what}: the registry at {Registry} answered {status} {_options.MaxAttempts} times; try again later"),
            _ => new StoreException($"{what}: {status}"),
        };
    }

    public void Dispose() => _http.Dispose();

    private async Task<AuthenticationHeaderValue> AnswerAsync(AuthChallenge challenge, CancellationToken cancellationToken)
    {
        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return _credentials is null
                ? throw new StoreException($"{Registry} requires a login (Basic realm \"{challenge["realm"]}\"); run builder login {Registry}")
                : Basic(_credentials);
        }

        if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || challenge["realm"] is not { Length: > 0 } realm)
        {
            throw new StoreException($"{Registry} asks for authentication scheme {challenge.Scheme}, which builder does not support (Basic and Bearer are).");
        }

        var query = new List<string>();
        if (challenge["service"] is { } service)
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }

        foreach (var scope in _scopes.Append(challenge["scope"]).OfType<string>().Where(s => s.Length > 0).Distinct())
        {
            query.Add("scope=" + Uri.EscapeDataString(scope));
        }

        var uri = new UriBuilder(realm) { Query = string.Join("&", query) }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (_credentials is not null)
        {
            request.Headers.Authorization = Basic(_credentials);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new StoreException($"cannot reach the token service {uri.GetLeftPart(UriPartial.Path)} of {Registry} ({e.Message}).", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorAsync(response, $"getting a token for {Registry}", cancellationToken).ConfigureAwait(false);
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
            var token = json.RootElement.TryGetProperty("token", out var t) && t.GetString() is { Length: > 0 } s ? s
                : json.RootElement.TryGetProperty("access_token", out var a) && a.GetString() is { Length: > 0 } s2 ? s2
                : throw new StoreException($"the token service of {Registry} answered without a token.");
            return new AuthenticationHeaderValue("Bearer", token);
        }
    }

    private static AuthenticationHeaderValue Basic(RegistryCredentials credentials) =>
        new("Basic", credentials.Encoded);

    private static bool IsTransient(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static bool IsRefused(HttpRequestException e) =>
        e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };

    private TimeSpan Backoff(int attempt, RetryConditionHeaderValue? retryAfter)
    {
        if (retryAfter?.Delta is { } delta)
        {
            return delta < TimeSpan.FromSeconds(30) ? delta : TimeSpan.FromSeconds(30);
        }

        return _options.RetryDelay * Math.Pow(2, attempt - 1);
    }

    private static async Task<string> ErrorDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            using var json = JsonDocument.Parse(body);
            return string.Join("; ", json.RootElement.GetProperty("errors").EnumerateArray()
                .Select(e => $"{e.GetProperty("code").GetString()} {(e.TryGetProperty("message", out var m) ? m.GetString() : "")}".Trim()));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or HttpRequestException)
        {
            return "";
        }
    }
}
