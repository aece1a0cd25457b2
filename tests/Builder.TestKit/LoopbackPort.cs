using System.Net;
using System.Net.Sockets;

namespace Builder.TestKit;

/// <summary>A TCP port on 127.0.0.1 that was free a moment ago (another test may take it before it is bound).</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
