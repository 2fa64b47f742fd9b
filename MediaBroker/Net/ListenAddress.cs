using System.Globalization;
using System.Net;

namespace MediaBroker.Net;

/// <summary>MediaMTX listen addresses: ":8554" (every interface, dual-stack), "127.0.0.1:8554", "[::1]:8554", "host:port".</summary>
public static class ListenAddress
{
    /// <summary>Parses the address; ":port" gives <see cref="IPAddress.IPv6Any"/> (dual-stack). Port 0 asks the OS for a free port.</summary>
    public static IPEndPoint Parse(string text)
    {
        if (!TryParse(text, out var endPoint, out var error))
        {
            throw new FormatException(error);
        }

        return endPoint;
    }

    public static bool TryParse(string text, out IPEndPoint endPoint, out string error)
    {
        endPoint = null!;
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            error = $"'{text}' is not an address: use ':port' or 'host:port'";
            return false;
        }

        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = $"'{text}' has an invalid port";
            return false;
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        IPAddress address;
        if (host.Length == 0)
        {
            address = IPAddress.IPv6Any;
        }
        else if (!IPAddress.TryParse(host, out address!))
        {
            if (host == "localhost")
            {
                address = IPAddress.Loopback;
            }
            else
            {
                error = $"'{text}' does not name an IP address";
                return false;
            }
        }

        endPoint = new IPEndPoint(address, port);
        error = "";
        return true;
    }
}
