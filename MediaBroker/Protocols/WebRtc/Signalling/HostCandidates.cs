using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using MediaBroker.Protocols.WebRtc.Ice;

namespace MediaBroker.Protocols.WebRtc.Signalling;

/// <summary>
/// The host candidates we announce: the addresses of the network interfaces (webrtcIPsFromInterfaces,
/// optionally only those named in webrtcIPsFromInterfacesList) plus webrtcAdditionalHosts, the public or
/// NAT address users behind Docker or a router must add. Host names are resolved, because Firefox ignores
/// candidates with names (MediaMTX issue #2625); a name that does not resolve is announced as is.
/// </summary>
public static class HostCandidates
{
    /// <summary>The interface addresses to announce for a socket bound to <paramref name="bound"/>.</summary>
    public static IReadOnlyList<IPAddress> FromInterfaces(IPAddress bound, IReadOnlyList<string> onlyInterfaces)
    {
        ArgumentNullException.ThrowIfNull(bound);
        ArgumentNullException.ThrowIfNull(onlyInterfaces);
        if (!bound.Equals(IPAddress.Any) && !bound.Equals(IPAddress.IPv6Any))
        {
            return [bound.IsIPv4MappedToIPv6 ? bound.MapToIPv4() : bound];
        }

        var result = new List<IPAddress>();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus is not (OperationalStatus.Up or OperationalStatus.Unknown)
                || (onlyInterfaces.Count > 0 && !onlyInterfaces.Contains(nic.Name)))
            {
                continue;
            }

            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                var ip = unicast.Address;
                var usable = ip.AddressFamily == AddressFamily.InterNetwork
                    || (ip.AddressFamily == AddressFamily.InterNetworkV6 && bound.Equals(IPAddress.IPv6Any)
                        && !ip.IsIPv6LinkLocal && !ip.IsIPv6SiteLocal && !ip.Equals(IPAddress.IPv6Loopback));
                if (usable && !result.Contains(ip))
                {
                    result.Add(ip);
                }
            }
        }

        // Non-loopback first: browsers try candidates in priority order.
        return [.. result.OrderBy(IPAddress.IsLoopback)];
    }

    /// <summary>Formats the candidates (UDP then TCP) for the given addresses and extra host names.</summary>
    public static IReadOnlyList<string> Format(IReadOnlyList<IPAddress> addresses, IReadOnlyList<string> unresolvedHosts, int? udpPort, int? tcpPort)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(unresolvedHosts);
        var lines = new List<string>();
        var foundation = 1;
        var preference = 65535;
        foreach (var (port, tcp) in new[] { (udpPort, false), (tcpPort, true) })
        {
            if (port is not { } p)
            {
                continue;
            }

            foreach (var ip in addresses)
            {
                lines.Add(IceCandidate.FormatHost(foundation++.ToString(System.Globalization.CultureInfo.InvariantCulture), new IPEndPoint(ip, p), tcp, localPreference: preference--));
            }

            foreach (var host in unresolvedHosts)
            {
                var priority = IceCandidate.Priority(IceCandidate.HostTypePreference, preference--, 1);
                lines.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{foundation++} 1 {(tcp ? "tcp" : "udp")} {priority} {host} {p} typ host{(tcp ? " tcptype passive" : "")}"));
            }
        }

        return lines;
    }

    /// <summary>Resolves webrtcAdditionalHosts: IPs are kept, names resolved (with a deadline) or kept as names.</summary>
    public static async Task<(IReadOnlyList<IPAddress> Addresses, IReadOnlyList<string> Names)> ResolveAsync(IReadOnlyList<string> hosts, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        var addresses = new List<IPAddress>();
        var names = new List<string>();
        foreach (var host in hosts)
        {
            if (IPAddress.TryParse(host, out var ip))
            {
                addresses.Add(ip);
                continue;
            }

            try
            {
                var resolved = await Dns.GetHostAddressesAsync(host, AddressFamily.InterNetwork, ct).WaitAsync(timeout, ct).ConfigureAwait(false);
                if (resolved.Length > 0)
                {
                    addresses.AddRange(resolved);
                    continue;
                }
            }
            catch (Exception ex) when (ex is SocketException or TimeoutException or ArgumentException)
            {
                // Announced as a name below; Chromium resolves it itself.
            }

            names.Add(host);
        }

        return (addresses, names);
    }
}
