namespace MediaBroker.Conf;

/// <summary>One <c>clusterAdvertise</c> item: a host name or IP, with the RTSP port when it differs from the listener's.</summary>
public readonly record struct ClusterAdvertiseAddress(string Host, int? Port)
{
    public static ClusterAdvertiseAddress? TryParse(string text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Contains('/', StringComparison.Ordinal) || text.Contains('@', StringComparison.Ordinal))
        {
            return null;
        }

        // [v6]:port, v6, host:port, host
        if (text.StartsWith('['))
        {
            var end = text.IndexOf(']', StringComparison.Ordinal);
            if (end < 0 || !System.Net.IPAddress.TryParse(text[1..end], out _))
            {
                return null;
            }

            var rest = text[(end + 1)..];
            return rest.Length == 0 ? new(text[1..end], null) : rest[0] == ':' && ParsePort(rest[1..]) is { } p6 ? new(text[1..end], p6) : null;
        }

        if (System.Net.IPAddress.TryParse(text, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return new(text, null);
        }

        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            return new(text, null);
        }

        return colon > 0 && ParsePort(text[(colon + 1)..]) is { } p ? new(text[..colon], p) : null;
    }

    /// <summary>host:port for a URL authority (IPv6 in brackets).</summary>
    public string Authority(int listenerPort)
    {
        var port = Port ?? listenerPort;
        return Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{port}" : $"{Host}:{port}";
    }

    private static int? ParsePort(string s) =>
        int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 65535 ? p : null;
}
