using System.Globalization;
using System.Net;

namespace MediaBroker.Net;

/// <summary>
/// MediaMTX-style listen addresses: ":8889" (all interfaces, dual-stack), "127.0.0.1:8889",
/// "[::1]:8889", "[::]:8889", "localhost:8889". Port 0 asks the OS for a free port (tests).
/// </summary>
public static class ListenAddress
{
    /// <exception cref="FormatException">Not host:port, or the port is out of range.</exception>
    public static IPEndPoint Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!TryParse(address, out var endPoint))
        {
            throw new FormatException($"invalid listen address '{address}' (expected ':port' or 'host:port')");
        }

        return endPoint;
    }

    public static bool TryParse(string address, out IPEndPoint endPoint)
    {
        endPoint = null!;
        var text = address.Trim();
        var colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            return false;
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        IPAddress ip;
        if (host.Length == 0)
        {
            // IPv6Any with DualMode set by the socket owner accepts IPv4 too.
            ip = IPAddress.IPv6Any;
        }
        else if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            ip = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host, out ip!))
        {
            return false;
        }

        endPoint = new IPEndPoint(ip, port);
        return true;
    }
}
