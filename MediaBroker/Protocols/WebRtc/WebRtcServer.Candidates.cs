using System.Net;
using System.Net.Sockets;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Protocols.WebRtc.Signalling;

namespace MediaBroker.Protocols.WebRtc;

/// <summary>The candidates of every answer: host candidates, then server-reflexive ones learned from STUN servers.</summary>
public sealed partial class WebRtcServer
{
    /// <summary>
    /// How long host names in webrtcAdditionalHosts may take to resolve. A fixed deadline: webrtcSTUNGatherTimeout
    /// bounds STUN gathering only.
    /// </summary>
    private static readonly TimeSpan AdditionalHostsResolveTimeout = TimeSpan.FromSeconds(5);

    private async ValueTask<IReadOnlyList<string>> CandidatesAsync(WebRtcServerOptions options, CancellationToken ct)
    {
        var udp = _mux?.BoundEndPoint;
        var tcp = _tcp?.BoundEndPoint;
        var addresses = new List<IPAddress>();
        if (options.IpsFromInterfaces && (udp ?? tcp) is { } bound)
        {
            addresses.AddRange(HostCandidates.FromInterfaces(bound.Address, options.IpsFromInterfacesList));
        }

        var gathering = GatherServerReflexiveAsync(options, ct);
        var (extra, names) = await HostCandidates.ResolveAsync(options.AdditionalHosts, AdditionalHostsResolveTimeout, ct).ConfigureAwait(false);
        foreach (var ip in extra)
        {
            if (!addresses.Contains(ip))
            {
                // Additional hosts go first: they are what users behind NAT add so that browsers reach them.
                addresses.Insert(0, ip);
            }
        }

        var lines = new List<string>(HostCandidates.Format(addresses, names, udp?.Port, tcp?.Port));
        var preference = 65535;
        foreach (var mapped in await gathering.ConfigureAwait(false))
        {
            lines.Add(IceCandidate.FormatServerReflexive((lines.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), mapped, udp!, localPreference: preference--));
        }

        return lines;
    }

    /// <summary>
    /// webrtcSTUNGatherTimeout: asks every STUN server of webrtcICEServers2 (not clientOnly) at once, from the ICE/UDP
    /// socket, where it sees us; the answer waits for them for at most the timeout, then goes out with what arrived.
    /// </summary>
    private async Task<IReadOnlyList<IPEndPoint>> GatherServerReflexiveAsync(WebRtcServerOptions options, CancellationToken ct)
    {
        var servers = StunServerList.From(options.IceServers);
        if (servers.Count == 0 || _mux is not { } mux)
        {
            return [];
        }

        var deadline = DateTime.UtcNow + options.StunGatherTimeout;
        var answers = await Task.WhenAll(servers.Select(s => QueryAsync(mux, s.Host, s.Port, deadline, ct))).ConfigureAwait(false);
        return [.. answers.OfType<IPEndPoint>().Distinct()];
    }

    private async Task<IPEndPoint?> QueryAsync(Mux.WebRtcUdpMux mux, string host, int port, DateTime deadline, CancellationToken ct)
    {
        try
        {
            if (!IPAddress.TryParse(host, out var address))
            {
                var resolved = await Dns.GetHostAddressesAsync(host, AddressFamily.InterNetwork, ct).WaitAsync(Remaining(deadline), ct).ConfigureAwait(false);
                address = resolved.Length > 0 ? resolved[0] : null;
            }

            var mapped = address is null ? null : await mux.QueryMappedAddressAsync(new IPEndPoint(address, port), Remaining(deadline), ct).ConfigureAwait(false);
            if (mapped is null)
            {
                WebRtcLog.StunGatherFailed(_logger, host, port, "no answer within webrtcSTUNGatherTimeout");
            }

            return mapped;
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException or ArgumentException)
        {
            WebRtcLog.StunGatherFailed(_logger, host, port, ex.Message);
            return null;
        }
    }

    private static TimeSpan Remaining(DateTime deadline)
    {
        var left = deadline - DateTime.UtcNow;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
