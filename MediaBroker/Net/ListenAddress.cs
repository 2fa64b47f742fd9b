using System.Globalization;
using System.Net;

namespace MediaBroker.Net;

/// <summary>MediaMTX's listen address form: ":8554" (every interface, IPv4 and IPv6), "127.0.0.1:8554", "[::1]:8554".</summary>
public static class ListenAddress
{
    public static IPEndPoint Parse(string address)
    {
        if (TryParse(address, out var endpoint))
        {
            return endpoint;
        }

        throw new FormatException($"invalid listen address '{address}'");
    }

    public static bool TryParse(string address, out IPEndPoint endpoint)
    {
        endpoint = null!;
        if (address.StartsWith(':'))
        {
            if (!ushort.TryParse(address.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                return false;
            }

            endpoint = new IPEndPoint(IPAddress.IPv6Any, port);
            return true;
        }

        if (IPEndPoint.TryParse(address, out var parsed) && address.Contains(':', StringComparison.Ordinal))
        {
            endpoint = parsed;
            return true;
        }

        var colon = address.LastIndexOf(':');
        if (colon > 0 && ushort.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var p)
            && address[..colon] is "localhost")
        {
            endpoint = new IPEndPoint(IPAddress.Loopback, p);
            return true;
        }

        return false;
    }
}
