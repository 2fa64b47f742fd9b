using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MediaBroker.Auth;

/// <summary>
/// An <c>ips</c> list: single addresses and CIDRs, parsed once per reload. Like Go's ParseCIDR, host bits
/// after the prefix are ignored ("192.168.1.5/24" is 192.168.1.0/24). IPv4-mapped IPv6 addresses, on either
/// side, are compared as IPv4.
/// </summary>
internal sealed class AuthIpList
{
    private readonly ImmutableArray<IPNetwork> _networks;

    private AuthIpList(ImmutableArray<IPNetwork> networks) => _networks = networks;

    /// <summary>True when the list is empty (every address is allowed).</summary>
    public bool AllowsAll => _networks.IsEmpty;

    public static bool TryParse(ImmutableArray<string> entries, out AuthIpList list, List<string> errors)
    {
        var builder = ImmutableArray.CreateBuilder<IPNetwork>(entries.IsDefault ? 0 : entries.Length);
        var ok = true;
        foreach (var entry in entries.IsDefault ? [] : entries)
        {
            if (TryParseNetwork(entry.Trim(), out var network))
            {
                builder.Add(network);
            }
            else
            {
                errors.Add($"invalid IP or CIDR '{entry}'");
                ok = false;
            }
        }

        list = new AuthIpList(builder.ToImmutable());
        return ok;
    }

    public bool Contains(IPAddress address)
    {
        if (_networks.IsEmpty)
        {
            return true;
        }

        address = Normalize(address);
        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    internal static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static bool TryParseNetwork(string text, out IPNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || addressText.Contains('%', StringComparison.Ordinal))
        {
            return false;
        }

        var mapped = address.IsIPv4MappedToIPv6;
        address = Normalize(address);
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0)
        {
            if (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix))
            {
                return false;
            }

            // "::ffff:10.0.0.0/104" is the mapped form of 10.0.0.0/8.
            if (mapped)
            {
                prefix -= 96;
            }

            if (prefix < 0 || prefix > bits)
            {
                return false;
            }
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var length);
        bytes = bytes[..length];
        for (var i = 0; i < length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        network = new IPNetwork(new IPAddress(bytes), prefix);
        return true;
    }
}
