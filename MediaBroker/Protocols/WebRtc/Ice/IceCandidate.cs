using System.Globalization;
using System.Net;

namespace MediaBroker.Protocols.WebRtc.Ice;

/// <summary>Formats host and server-reflexive candidates for SDP (RFC 8839 §5.1; RFC 6544 §4.5 for ICE-TCP).</summary>
public static class IceCandidate
{
    /// <summary>Type preference of host candidates (RFC 8445 §5.1.2.2).</summary>
    public const int HostTypePreference = 126;

    /// <summary>Type preference of server-reflexive candidates (RFC 8445 §5.1.2.2).</summary>
    public const int ServerReflexiveTypePreference = 100;

    /// <summary>
    /// priority = 2^24 * type preference + 2^8 * local preference + (256 - component id) (RFC 8445 §5.1.2.1).
    /// </summary>
    public static uint Priority(int typePreference, int localPreference, int componentId)
        => (uint)((typePreference << 24) + (localPreference << 8) + (256 - componentId));

    /// <summary>
    /// One <c>a=candidate:</c> value (without "a="), e.g. "1 1 udp 2130706431 192.0.2.1 8189 typ host".
    /// TCP candidates are passive (we only accept connections), with the RFC 6544 §4.2 recommended
    /// lower local preference so that UDP wins when both work.
    /// </summary>
    public static string FormatHost(string foundation, IPEndPoint endPoint, bool tcp, int componentId = 1, int localPreference = 65535)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        if (tcp)
        {
            // RFC 6544 §4.2: local preference = (2^13 * direction-pref) + other-pref; passive direction pref is 2 for host.
            int tcpLocalPreference = (2 << 13) + (localPreference & 0x1FFF);
            uint tcpPriority = Priority(HostTypePreference, tcpLocalPreference, componentId);
            return string.Create(CultureInfo.InvariantCulture, $"{foundation} {componentId} tcp {tcpPriority} {address} {endPoint.Port} typ host tcptype passive");
        }

        uint priority = Priority(HostTypePreference, localPreference, componentId);
        return string.Create(CultureInfo.InvariantCulture, $"{foundation} {componentId} udp {priority} {address} {endPoint.Port} typ host");
    }

    /// <summary>
    /// A UDP server-reflexive candidate (RFC 8839 §5.1): <paramref name="mapped"/> is where a STUN server saw packets of
    /// <paramref name="local"/>, the socket it stands for (raddr/rport).
    /// </summary>
    public static string FormatServerReflexive(string foundation, IPEndPoint mapped, IPEndPoint local, int componentId = 1, int localPreference = 65535)
    {
        ArgumentNullException.ThrowIfNull(mapped);
        ArgumentNullException.ThrowIfNull(local);
        static IPAddress V4(IPAddress a) => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;
        uint priority = Priority(ServerReflexiveTypePreference, localPreference, componentId);
        return string.Create(CultureInfo.InvariantCulture,
            $"{foundation} {componentId} udp {priority} {V4(mapped.Address)} {mapped.Port} typ srflx raddr {V4(local.Address)} rport {local.Port}");
    }
}
