using System.Net;

namespace Builder.TestKit;

/// <summary>
/// An HTTP server on 127.0.0.1 at a free port that hands every request to <c>handle</c>, in
/// order or (<c>concurrent</c>) each on its own task, until disposed. The tests' scripted
/// registries and file servers are written on top of it.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<HttpListenerContext, Task> _handle;
    private readonly bool _concurrent;
    private readonly Task _loop;

    public LoopbackHttpServer(Func<HttpListenerContext, Task> handle, bool concurrent = false)
    {
        _handle = handle;
        _concurrent = concurrent;

        // A free port can be taken by another test (the registry tests start servers too)
        // between the probe and the bind: try a few.
        for (int attempt = 1; ; attempt++)
        {
            int port = LoopbackPort.Free();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                _listener = listener;
                Port = port;
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }

        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    /// <summary><c>127.0.0.1:PORT</c>, as a registry host.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public string Url => $"http://{Host}/";

    public void Dispose()
    {
        try
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is AggregateException or HttpListenerException or ObjectDisposedException)
        {
            // stopped while waiting for a request
        }
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

            if (_concurrent)
            {
                _ = Task.Run(() => _handle(context));
            }
            else
            {
                await _handle(context);
            }
        }
    }
}
