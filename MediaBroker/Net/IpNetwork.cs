using System.Net;
using System.Net.Sockets;

namespace MediaBroker.Net;

/// <summary>An IP address or CIDR block ("10.0.0.0/8", "::1", "192.168.1.5") as used by trusted-proxy and auth IP lists.</summary>
public sealed record IpNetwork(IPAddress Prefix, int PrefixLength)
{
    public static bool TryParse(string text, out IpNetwork network)
    {
        network = null!;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addrText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addrText.Trim(), out var addr))
        {
            return false;
        }

        addr = Normalize(addr);
        var max = addr.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var len = max;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), out len) || len < 0 || len > max))
        {
            return false;
        }

        network = new IpNetwork(addr, len);
        return true;
    }

    public bool Contains(IPAddress address)
    {
        address = Normalize(address);
        if (address.AddressFamily != Prefix.AddressFamily)
        {
            return false;
        }

        Span<byte> a = stackalloc byte[16];
        Span<byte> p = stackalloc byte[16];
        address.TryWriteBytes(a, out var n);
        Prefix.TryWriteBytes(p, out _);
        var full = PrefixLength / 8;
        if (!a[..full].SequenceEqual(p[..full]))
        {
            return false;
        }

        var rest = PrefixLength % 8;
        if (rest == 0 || full >= n)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (a[full] & mask) == (p[full] & mask);
    }

    public static bool AnyContains(IEnumerable<IpNetwork> networks, IPAddress address)
    {
        foreach (var n in networks)
        {
            if (n.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>IPv4-mapped IPv6 addresses (from dual-stack sockets) compare as IPv4.</summary>
    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    public override string ToString() => $"{Prefix}/{PrefixLength}";
}
