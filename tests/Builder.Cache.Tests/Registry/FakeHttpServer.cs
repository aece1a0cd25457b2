using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Builder.Cache.Tests.Registry;

/// <summary>A tiny HTTP server on 127.0.0.1 whose answers a test scripts; it records every request (method, path and query, Authorization).</summary>
internal sealed class FakeHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerRequest, int, (int Status, IReadOnlyDictionary<string, string> Headers, string Body)> _answer;
    private readonly Task _loop;

    public FakeHttpServer(Func<HttpListenerRequest, int, (int Status, IReadOnlyDictionary<string, string> Headers, string Body)> answer)
    {
        _answer = answer;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    public ConcurrentQueue<(string Method, string PathAndQuery, string? Authorization)> Requests { get; } = new();

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

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
}
