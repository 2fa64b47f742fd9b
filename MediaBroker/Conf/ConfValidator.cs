using System.Net;

namespace MediaBroker.Conf;

/// <summary>
/// Cross-key rules of MediaMTX's <c>Validate()</c>, reported all at once, each with the key and line.
/// Per-value checks (types, allowed words) happen while binding. Path rules are in ConfValidator.Path.cs.
/// </summary>
internal static partial class ConfValidator
{
    private const int MaxUdpPayload = 1472; // 1500-byte Ethernet MTU minus IPv4 (20) and UDP (8) headers
    private const int MinUdpPayload = 128;

    public static void Validate(BrokerConf c, ConfBindContext ctx)
    {
        ValidateGlobal(c, ctx);
        ValidatePaths(c, ctx);
    }

    public static void ValidateGlobal(BrokerConf c, ConfBindContext ctx)
    {
        Positive(c.ReadTimeout, "readTimeout", ctx);
        Positive(c.WriteTimeout, "writeTimeout", ctx);
        if (c.WriteQueueSize <= 0 || (c.WriteQueueSize & (c.WriteQueueSize - 1)) != 0)
        {
            ctx.Error("writeQueueSize", "must be a power of two");
        }

        // RTP payloads are this minus 12 (header) and 16 (SRTP tag room); below the floor packetizers have no room left.
        if (c.UdpMaxPayloadSize < MinUdpPayload || c.UdpMaxPayloadSize > MaxUdpPayload)
        {
            ctx.Error("udpMaxPayloadSize", $"must be between {MinUdpPayload} and {MaxUdpPayload}");
        }

        if (c.UdpReadBufferSize < 0) ctx.Error("udpReadBufferSize", "cannot be negative");

        ValidateAuth(c, ctx);
        ValidateTriggers(c, ctx);
        ValidateCluster(c, ctx);

        IpList(c.ApiTrustedProxies, "apiTrustedProxies", ctx);
        IpList(c.MetricsTrustedProxies, "metricsTrustedProxies", ctx);
        IpList(c.PprofTrustedProxies, "pprofTrustedProxies", ctx);
        IpList(c.PlaybackTrustedProxies, "playbackTrustedProxies", ctx);
        IpList(c.RtspTrustedProxies, "rtspTrustedProxies", ctx);
        IpList(c.RtmpTrustedProxies, "rtmpTrustedProxies", ctx);
        IpList(c.HlsTrustedProxies, "hlsTrustedProxies", ctx);
        IpList(c.WebrtcTrustedProxies, "webrtcTrustedProxies", ctx);

        // RTSP.
        if (c.RtspEncryption == "strict" && (c.RtspTransports.Contains("udp") || c.RtspTransports.Contains("multicast")))
        {
            ctx.Error("rtspTransports", "strict encryption (rtspEncryption: strict) can be used only with the tcp transport");
        }

        if (!IPNetwork.TryParse(c.MulticastIPRange, out _)) ctx.Error("multicastIPRange", $"'{c.MulticastIPRange}' is not a CIDR range");
        foreach ((int port, string key) in (ReadOnlySpan<(int, string)>)[
            (c.MulticastRTPPort, "multicastRTPPort"), (c.MulticastRTCPPort, "multicastRTCPPort"),
            (c.MulticastSRTPPort, "multicastSRTPPort"), (c.MulticastSRTCPPort, "multicastSRTCPPort")])
        {
            if (port is <= 0 or > 65535) ctx.Error(key, "must be a port number between 1 and 65535");
        }

        if (c.RtspAuthMethods.Contains("digest"))
        {
            if (c.AuthMethod != "internal")
            {
                ctx.Error("rtspAuthMethods", "digest authentication requires authMethod: internal");
            }
            else if (c.AuthInternalUsers.Any(u => IsHashed(u.User) || IsHashed(u.Pass)))
            {
                ctx.Error("rtspAuthMethods", "digest authentication cannot be used with hashed credentials (sha256:, argon2:)");
            }
        }

        // HLS.
        if (c.HlsSegmentCount < 1) ctx.Error("hlsSegmentCount", "must be at least 1");
        Positive(c.HlsSegmentDuration, "hlsSegmentDuration", ctx);
        Positive(c.HlsPartDuration, "hlsPartDuration", ctx);
        if (c.HlsSegmentMaxSize <= 0) ctx.Error("hlsSegmentMaxSize", "must be greater than zero");
        Positive(c.HlsMuxerCloseAfter, "hlsMuxerCloseAfter", ctx);

        ValidateWebrtc(c, ctx);
        ValidateAutoPushes(c, ctx);
    }

    private static void ValidateAuth(BrokerConf c, ConfBindContext ctx)
    {
        // A minute already makes brute force pointless; longer only ties up the failing connections.
        if (c.AuthFailureDelayMin < TimeSpan.Zero) ctx.Error("authFailureDelayMin", "cannot be negative");
        if (c.AuthFailureDelayMax < c.AuthFailureDelayMin || c.AuthFailureDelayMax > TimeSpan.FromMinutes(1))
        {
            ctx.Error("authFailureDelayMax", "must be between authFailureDelayMin and 1m");
        }

        if (c.AuthMethod == "http" && !IsHttpUrl(c.AuthHTTPAddress))
        {
            ctx.Error("authHTTPAddress", "must be an http:// or https:// URL when authMethod is http");
        }

        if (c.AuthMethod == "jwt" && !IsHttpUrl(c.AuthJWTJWKS))
        {
            ctx.Error("authJWTJWKS", "must be an http:// or https:// URL when authMethod is jwt");
        }

        for (int i = 0; i < c.AuthInternalUsers.Length; i++)
        {
            AuthInternalUserConf u = c.AuthInternalUsers[i];
            string prefix = $"authInternalUsers[{i}].";
            if (u.User.Length == 0) ctx.Error(prefix + "user", "cannot be empty (use 'any' for anyone)");
            if (u.User == "any" && u.Pass.Length != 0) ctx.Error(prefix + "pass", "must be empty when user is 'any'");
            IpList(u.Ips, prefix + "ips", ctx);
        }
    }

    private static void ValidateAutoPushes(BrokerConf c, ConfBindContext ctx)
    {
        for (int i = 0; i < c.AutoPushes.Length; i++)
        {
            AutoPushConf a = c.AutoPushes[i];
            string prefix = $"autoPushes[{i}].";
            if (a.Path.Length == 0) ctx.Error(prefix + "path", "cannot be empty (a path name, ~regex or name+)");
            else if (a.Path[0] == '~')
            {
                try
                {
                    _ = new System.Text.RegularExpressions.Regex(a.Path[1..], System.Text.RegularExpressions.RegexOptions.CultureInvariant);
                }
                catch (ArgumentException ex)
                {
                    ctx.Error(prefix + "path", "invalid regular expression: " + ex.Message);
                }
            }

            if (a.Target.Length == 0 || (a.Target[0] != '/' && !a.Target.Contains("://", StringComparison.Ordinal)))
            {
                ctx.Error(prefix + "target", $"'{a.Target}' is not a URL (rtmp://..., srt://...) or an absolute file path");
            }
        }
    }

    private static void ValidateWebrtc(BrokerConf c, ConfBindContext ctx)
    {
        for (int i = 0; i < c.WebrtcICEServers2.Length; i++)
        {
            string url = c.WebrtcICEServers2[i].Url;
            if (!url.StartsWith("stun:", StringComparison.Ordinal) && !url.StartsWith("turn:", StringComparison.Ordinal)
                && !url.StartsWith("turns:", StringComparison.Ordinal))
            {
                ctx.Error($"webrtcICEServers2[{i}].url", $"'{url}' is not a stun:, turn: or turns: URL");
            }
        }

        Positive(c.WebrtcSTUNGatherTimeout, "webrtcSTUNGatherTimeout", ctx);
        Positive(c.WebrtcHandshakeTimeout, "webrtcHandshakeTimeout", ctx);
        Positive(c.WebrtcTrackGatherTimeout, "webrtcTrackGatherTimeout", ctx);
        if (!c.Webrtc) return;
        bool local = c.WebrtcLocalUDPAddress.Length != 0 || c.WebrtcLocalTCPAddress.Length != 0;
        if (!local && c.WebrtcICEServers2.IsEmpty)
        {
            ctx.Error("webrtcLocalUDPAddress", "at least one of webrtcLocalUDPAddress, webrtcLocalTCPAddress or webrtcICEServers2 must be set");
        }

        if (local && !c.WebrtcIPsFromInterfaces && c.WebrtcAdditionalHosts.IsEmpty)
        {
            ctx.Error("webrtcIPsFromInterfaces", "with a local UDP or TCP listener, webrtcIPsFromInterfaces or webrtcAdditionalHosts is required");
        }
    }

    private static void Positive(TimeSpan value, string key, ConfBindContext ctx)
    {
        if (value <= TimeSpan.Zero) ctx.Error(key, "must be greater than zero");
    }

    private static void IpList(IEnumerable<string> items, string key, ConfBindContext ctx)
    {
        int i = 0;
        foreach (string item in items)
        {
            if (!IPAddress.TryParse(item, out _) && !IPNetwork.TryParse(item, out _))
            {
                ctx.ErrorAt($"{key}[{i}]", ctx.LineOfKey(key), $"'{item}' is not an IP address or CIDR");
            }

            i++;
        }
    }

    private static bool IsHashed(string credential) =>
        credential.StartsWith("sha256:", StringComparison.Ordinal) || credential.StartsWith("argon2:", StringComparison.Ordinal);

    private static bool IsHttpUrl(string s) =>
        Uri.TryCreate(s, UriKind.Absolute, out Uri? u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);
}
