using System.Globalization;
using System.Net;

namespace MediaBroker.Net;

/// <summary>MediaMTX-style listen addresses: <c>:8888</c> (every interface), <c>127.0.0.1:8888</c>, <c>[::1]:8888</c>, <c>host:8888</c>.</summary>
public static class ListenAddress
{
    /// <summary>
    /// Parses an address; an empty host means all interfaces (IPv6 any, which Kestrel and dual-mode sockets
    /// treat as dual-stack). Port 0 asks the OS for a free port (tests). Throws <see cref="FormatException"/>.
    /// </summary>
    public static IPEndPoint Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var colon = address.LastIndexOf(':');
        if (colon < 0)
        {
            throw new FormatException($"invalid listen address '{address}': expected [host]:port");
        }

        var host = address[..colon];
        if (!int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new FormatException($"invalid port in listen address '{address}'");
        }

        if (host.Length == 0)
        {
            return new IPEndPoint(IPAddress.IPv6Any, port);
        }

        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            throw new FormatException($"invalid listen address '{address}': IPv6 hosts must be written in brackets");
        }

        if (IPAddress.TryParse(host, out var ip))
        {
            return new IPEndPoint(ip, port);
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        var resolved = Dns.GetHostAddresses(host);
        return resolved.Length > 0
            ? new IPEndPoint(resolved[0], port)
            : throw new FormatException($"cannot resolve host of listen address '{address}'");
    }
}
