using System.Globalization;
using System.Net;

namespace Builder.Planner.Lowering;

/// <summary>EXPOSE values as BuildKit's parsePortSpec reads them: <c>[ip:][host:]port[-end][/proto]</c> → <c>port/proto</c> each.</summary>
internal static class PortSpec
{
    public static bool TryParse(string raw, List<string> ports, out string error)
    {
        var parts = raw.Split(':');
        string ip = parts.Length >= 3 ? string.Join(":", parts[..^2]) : string.Empty;
        string hostPort = parts.Length >= 2 ? parts[^2] : string.Empty;
        string container = parts[^1];

        var slash = container.IndexOf('/');
        var port = slash < 0 ? container : container.Substring(0, slash);
        var proto = slash < 0 ? string.Empty : container.Substring(slash + 1).ToLowerInvariant();
        if (port.Length == 0)
        {
            error = $"no port specified: {container}<empty>";
            return false;
        }

        if (proto.Length == 0)
        {
            proto = "tcp";
        }
        else if (proto is not ("tcp" or "udp" or "sctp"))
        {
            error = "invalid proto: " + proto;
            return false;
        }

        if (ip.StartsWith('[') && ip.EndsWith(']'))
        {
            ip = ip[1..^1];
        }

        if (ip.Length > 0 && !IPAddress.TryParse(ip, out _))
        {
            error = "invalid IP address: " + ip;
            return false;
        }

        if (!TryRange(port, out var start, out var end))
        {
            error = "invalid containerPort: " + port;
            return false;
        }

        if (hostPort.Length > 0)
        {
            if (!TryRange(hostPort, out var hs, out var he))
            {
                error = "invalid hostPort: " + hostPort;
                return false;
            }

            if (end - start != he - hs && end != start)
            {
                error = $"invalid ranges specified for container and host Ports: {port} and {hostPort}";
                return false;
            }
        }

        for (var p = start; p <= end; p++)
        {
            ports.Add(p.ToString(CultureInfo.InvariantCulture) + "/" + proto);
        }

        error = string.Empty;
        return true;
    }

    private static bool TryRange(string text, out uint start, out uint end)
    {
        start = end = 0;
        var dash = text.Split('-');
        if (dash.Length > 2 || !ushort.TryParse(dash[0], NumberStyles.None, CultureInfo.InvariantCulture, out var s))
        {
            return false;
        }

        start = end = s;
        if (dash.Length == 2)
        {
            if (!ushort.TryParse(dash[1], NumberStyles.None, CultureInfo.InvariantCulture, out var e) || e < s)
            {
                return false;
            }

            end = e;
        }

        return true;
    }
}
