using System.Globalization;
using MediaBroker.Conf;

namespace MediaBroker.Protocols.WebRtc.Signalling;

/// <summary>
/// The STUN servers the broker itself asks for its server-reflexive address: the <c>stun:</c> entries of
/// webrtcICEServers2 not marked clientOnly (RFC 7064: <c>stun:host[:port]</c>, port 3478 by default). TURN entries
/// are only handed to clients; the broker gathers no relay candidates.
/// </summary>
public static class StunServerList
{
    /// <summary>The default STUN port (RFC 8489 §9).</summary>
    public const int DefaultPort = 3478;

    public static IReadOnlyList<(string Host, int Port)> From(IReadOnlyList<WebrtcIceServerConf> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var result = new List<(string, int)>();
        foreach (var s in servers)
        {
            if (!s.ClientOnly && s.Url.StartsWith("stun:", StringComparison.OrdinalIgnoreCase) && TryParse(s.Url["stun:".Length..], out var host, out var port))
            {
                result.Add((host, port));
            }
        }

        return result;
    }

    /// <summary>host, host:port, [v6], [v6]:port; a query part (<c>?transport=</c>) is ignored.</summary>
    internal static bool TryParse(string authority, out string host, out int port)
    {
        var q = authority.IndexOf('?', StringComparison.Ordinal);
        var a = q >= 0 ? authority[..q] : authority;
        port = DefaultPort;
        if (a.StartsWith('['))
        {
            var close = a.IndexOf(']', StringComparison.Ordinal);
            host = close > 1 ? a[1..close] : "";
            var rest = close > 0 ? a[(close + 1)..] : "";
            return host.Length > 0 && (rest.Length == 0 || (rest[0] == ':' && TryPort(rest[1..], out port)));
        }

        var colon = a.LastIndexOf(':');
        host = colon >= 0 ? a[..colon] : a;
        return host.Length > 0 && (colon < 0 || TryPort(a[(colon + 1)..], out port));
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
}
