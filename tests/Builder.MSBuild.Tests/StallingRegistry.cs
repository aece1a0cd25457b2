using System.Net;
using Builder.Cache.Content;
using Builder.Cache.Oci;
using Builder.TestKit;

namespace Builder.MSBuild.Tests;

/// <summary>
/// A registry on 127.0.0.1 that serves one image from a content store (its manifest under any tag,
/// its blobs by digest; HEAD and uploads answer 404) until a request matches
/// <c>stallOn</c>: that one gets half its body (a blob) or no answer at all, and hangs until the
/// server is disposed, so a test can cancel a pull or push at a known point (<see cref="Stalled"/>).
/// Debian's docker-registry cannot be made to hang on cue.
/// </summary>
internal sealed class StallingRegistry : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ContentStore _content;
    private readonly Descriptor _manifest;
    private readonly Func<HttpListenerRequest, bool> _stallOn;
    private readonly LoopbackHttpServer _server;

    public StallingRegistry(ContentStore content, Descriptor manifest, Func<HttpListenerRequest, bool> stallOn)
    {
        _content = content;
        _manifest = manifest;
        _stallOn = stallOn;

        // Concurrently: a pull fetches blobs in parallel, and a stalled request must not hold up the others.
        _server = new LoopbackHttpServer(AnswerAsync, concurrent: true);
    }

    public int Port => _server.Port;

    public string Host => _server.Host;

    /// <summary>Completes when the matching request has arrived and hangs.</summary>
    public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose()
    {
        _stop.Cancel();
        _server.Dispose();
        _stop.Dispose();
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            var segments = request.Url!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            byte[]? body = null;
            if (request.HttpMethod == "GET" && segments.Length >= 2 && segments[^2] == "manifests")
            {
                body = _content.ReadAllBytes(_manifest.Digest);
                response.ContentType = _manifest.MediaType;
            }
            else if (request.HttpMethod == "GET" && segments.Length >= 2 && segments[^2] == "blobs" && Digest.TryParse(segments[^1], out var digest) && _content.Exists(digest))
            {
                body = _content.ReadAllBytes(digest);
                response.ContentType = "application/octet-stream";
            }

            if (_stallOn(request))
            {
                if (body is not null)
                {
                    response.ContentLength64 = body.Length;
                    await response.OutputStream.WriteAsync(body.AsMemory(0, body.Length / 2), _stop.Token);
                    await response.OutputStream.FlushAsync(_stop.Token);
                }

                Stalled.TrySetResult();
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }

            response.StatusCode = body is null ? 404 : 200;
            response.ContentLength64 = body?.Length ?? 0;
            if (body is not null)
            {
                await response.OutputStream.WriteAsync(body, _stop.Token);
            }

            response.Close();
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or IOException or ObjectDisposedException)
        {
            // Disposed while stalled, or the client went away (it was cancelled): nothing to answer.
            response.Abort();
        }
    }
}
