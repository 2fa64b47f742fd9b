using System.Globalization;
using System.Net;

namespace MediaBroker.Net;

/// <summary>MediaMTX listen addresses: ":8554" (all interfaces, dual-stack), "127.0.0.1:8554", "[::1]:8554".</summary>
public static class ListenAddress
{
    public static IPEndPoint Parse(string address)
    {
        if (!TryParse(address, out var endPoint))
        {
            throw new FormatException($"invalid listen address '{address}'");
        }

        return endPoint;
    }

    public static bool TryParse(string? address, out IPEndPoint endPoint)
    {
        endPoint = null!;
        if (string.IsNullOrWhiteSpace(address))
        {
            return false;
        }

        var colon = address.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            return false;
        }

        var host = address[..colon].Trim('[', ']');
        if (host.Length == 0)
        {
            endPoint = new IPEndPoint(IPAddress.IPv6Any, port);
            return true;
        }

        if (host == "localhost")
        {
            endPoint = new IPEndPoint(IPAddress.Loopback, port);
            return true;
        }

        if (!IPAddress.TryParse(host, out var ip))
        {
            return false;
        }

        endPoint = new IPEndPoint(ip, port);
        return true;
    }
}
