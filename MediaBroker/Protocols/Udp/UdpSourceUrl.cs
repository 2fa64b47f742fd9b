using System.Globalization;
using System.Net;
using MediaBroker.Net;
using MediaBroker.Streams.MpegTs;

namespace MediaBroker.Protocols.Udp;

/// <summary>
/// <c>udp+mpegts://ip:port[?interface=eth0&amp;source=ip]</c> (also the older <c>udp://</c>, and <c>udp+rtp://</c>): the local or multicast
/// address to listen on, the interface to join a multicast group on, and an optional sender filter
/// (source-specific multicast for groups, a plain filter for unicast).
/// </summary>
public sealed record UdpSourceUrl(IPEndPoint EndPoint, string? Interface, IPAddress? Source)
{
    public bool IsMulticast => EndPoint.Address.IsIPv6Multicast || (EndPoint.Address.GetAddressBytes() is [>= 224 and <= 239, ..] && EndPoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);

    public static bool TryParse(string url, out UdpSourceUrl? parsed, out string error)
    {
        parsed = null;
        var prefix = url.StartsWith("udp+mpegts://", StringComparison.OrdinalIgnoreCase) ? "udp+mpegts://"
            : url.StartsWith("udp+rtp://", StringComparison.OrdinalIgnoreCase) ? "udp+rtp://"
            : url.StartsWith("udp://", StringComparison.OrdinalIgnoreCase) ? "udp://"
            : null;
        if (prefix is null)
        {
            error = "not a udp+mpegts:// or udp+rtp:// URL";
            return false;
        }

        var rest = url.AsSpan(prefix.Length);
        var authority = UrlQuery.SplitQuery(rest, out var query).TrimEnd('/');
        var colon = authority.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535)
        {
            error = "the URL needs ip:port";
            return false;
        }

        if (!IPAddress.TryParse(authority[..colon].Trim('[').Trim(']'), out var address))
        {
            error = $"'{authority[..colon]}' is not an IP address";
            return false;
        }

        string? iface = null;
        IPAddress? source = null;
        foreach (var parameter in new UrlQuery(query))
        {
            var value = parameter.DecodeValue();
            switch (parameter.Name)
            {
                case "interface":
                    iface = value;
                    break;
                case "source" when IPAddress.TryParse(value, out var s):
                    source = s;
                    break;
                case "source":
                    error = $"source '{value}' is not an IP address";
                    return false;
                default:
                    break;
            }
        }

        parsed = new UdpSourceUrl(new IPEndPoint(address, port), iface, source);
        error = "";
        return true;
    }
}
