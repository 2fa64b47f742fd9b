using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MediaBroker.Net;

/// <summary>MediaMTX-style listen addresses: ":8888" (every interface), "127.0.0.1:8888", "[::1]:8888", "localhost:8888".</summary>
public static class ListenAddress
{
    /// <summary>
    /// Parses a listen address. An empty host means every interface: IPv6 "any" (dual-stack, so IPv4 clients
    /// connect too) where the OS supports IPv6, else IPv4 "any". Throws <see cref="FormatException"/> on bad input.
    /// </summary>
    /// <summary>Like <see cref="Parse"/>, returning false instead of throwing (kept for callers of the earlier main version).</summary>
    public static bool TryParse(string address, out IPEndPoint endpoint)
    {
        try
        {
            endpoint = Parse(address);
            return true;
        }
        catch (FormatException)
        {
            endpoint = null!;
            return false;
        }
    }

    public static IPEndPoint Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var text = address.Trim();
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            throw new FormatException($"listen address '{address}' has no port (expected \"host:port\" or \":port\")");
        }

        var hostText = text[..colon];
        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            throw new FormatException($"listen address '{address}' has an invalid port");
        }

        if (hostText.StartsWith('[') && hostText.EndsWith(']'))
        {
            hostText = hostText[1..^1];
        }
        else if (hostText.Contains(':', StringComparison.Ordinal))
        {
            throw new FormatException($"listen address '{address}' is ambiguous: write IPv6 hosts in brackets, \"[::1]:8888\"");
        }

        IPAddress host;
        if (hostText.Length == 0)
        {
            host = Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any;
        }
        else if (hostText.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            host = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(hostText, out host!) || hostText.Contains(':', StringComparison.Ordinal) != (host.AddressFamily == AddressFamily.InterNetworkV6))
        {
            throw new FormatException($"listen address '{address}' has an invalid host (expected an IP address)");
        }

        return new IPEndPoint(host, port);
    }
}
