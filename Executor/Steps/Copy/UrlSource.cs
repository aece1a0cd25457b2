using System.Security.Cryptography;
using Builder.Cache.Oci;

namespace Builder.Executor.Steps.Copy;

/// <summary>
/// ADD's http(s) sources, as BuildKit's http source: the body streamed to a temp file while its
/// sha256 is taken; checked against <c>--checksum</c> when given; the file is written 0600 (before
/// <c>--chmod</c>) with the Last-Modified time when the server sends one, and never unpacked.
/// </summary>
internal static class UrlSource
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromMinutes(10) };

    public sealed record Downloaded(string Path, Digest Digest, DateTimeOffset? LastModified);

    /// <summary>Downloads <paramref name="url"/> into <paramref name="file"/>.</summary>
    /// <exception cref="IOException">The server failed, or the content does not match <paramref name="checksum"/>; the message says which.</exception>
    public static async Task<Downloaded> DownloadAsync(string url, string? checksum, string file, CancellationToken ct)
    {
        using var response = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new IOException($"{url}: the server answered {(int)response.StatusCode} {response.ReasonPhrase}; check the URL.");
        }

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var output = File.Create(file);
            await using (output.ConfigureAwait(false))
            {
                var buffer = new byte[81920];
                int n;
                while ((n = await body.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                {
                    sha.AppendData(buffer, 0, n);
                    await output.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                }
            }
        }

        var digest = Digest.FromHash(sha.GetHashAndReset());
        if (checksum is not null && !string.Equals(checksum, digest.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            throw new IOException($"{url}: checksum mismatch: expected {checksum}, got {digest}; fix --checksum or the URL.");
        }

        return new Downloaded(file, digest, response.Content.Headers.LastModified);
    }

    /// <summary>The sha256 of what <paramref name="url"/> serves now (streamed, nothing kept).</summary>
    public static async Task<Digest> DigestAsync(string url, CancellationToken ct)
    {
        using var response = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new IOException($"{url}: the server answered {(int)response.StatusCode} {response.ReasonPhrase}; check the URL.");
        }

        var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            return Digest.FromHash(await SHA256.HashDataAsync(body, ct).ConfigureAwait(false));
        }
    }

    /// <summary>The file name BuildKit gives a download: the last segment of the URL path, else <c>__unnamed__</c>.</summary>
    public static string FileName(string url)
    {
        var path = new Uri(url).AbsolutePath.TrimEnd('/');
        var name = Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
        return name.Length == 0 ? "__unnamed__" : name;
    }

    public static bool IsUrl(string source) =>
        source.StartsWith("http://", StringComparison.Ordinal) || source.StartsWith("https://", StringComparison.Ordinal);
}
