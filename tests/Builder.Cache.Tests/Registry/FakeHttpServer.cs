using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Builder.TestKit;

namespace Builder.Cache.Tests.Registry;

/// <summary>A tiny HTTP server on 127.0.0.1 whose answers a test scripts; it records every request (method, path and query, Authorization).</summary>
internal sealed class FakeHttpServer : IDisposable
{
    private readonly Func<HttpListenerRequest, int, (int Status, IReadOnlyDictionary<string, string> Headers, string Body)> _answer;
    private readonly LoopbackHttpServer _server;

    public FakeHttpServer(Func<HttpListenerRequest, int, (int Status, IReadOnlyDictionary<string, string> Headers, string Body)> answer)
    {
        _answer = answer;
        _server = new LoopbackHttpServer(AnswerAsync);
    }

    public int Port => _server.Port;

    public string Host => _server.Host;

    public ConcurrentQueue<(string Method, string PathAndQuery, string? Authorization)> Requests { get; } = new();

    public void Dispose() => _server.Dispose();

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        Requests.Enqueue((request.HttpMethod, request.Url!.PathAndQuery, request.Headers["Authorization"]));
        var (status, headers, body) = _answer(request, Requests.Count);
        context.Response.StatusCode = status;
        foreach (var (key, value) in headers)
        {
            context.Response.AddHeader(key, value);
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }
}
