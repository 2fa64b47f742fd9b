using MediaBroker.Conf;
using MediaBroker.Formats.Rtp.Srtp;
using MediaBroker.Protocols.WebRtc.Dtls;

namespace MediaBroker.Protocols.WebRtc;

/// <summary>What the WebRTC server reads from the global configuration (MediaMTX's webrtc* keys).</summary>
public sealed record WebRtcServerOptions
{
    /// <summary>The YAML keys whose change restarts the server.</summary>
    public static readonly IReadOnlySet<string> Keys = new HashSet<string>(StringComparer.Ordinal)
    {
        "webrtc", "webrtcAddress", "webrtcEncryption", "webrtcServerKey", "webrtcServerCert", "webrtcAllowOrigins",
        "webrtcTrustedProxies", "webrtcLocalUDPAddress", "webrtcLocalTCPAddress", "webrtcIPsFromInterfaces",
        "webrtcIPsFromInterfacesList", "webrtcAdditionalHosts", "webrtcICEServers2", "webrtcHandshakeTimeout",
        "webrtcTrackGatherTimeout", "webrtcSTUNGatherTimeout", "writeQueueSize", "udpMaxPayloadSize", "udpReadBufferSize",
        "dumpPackets",
    };

    public bool Enabled { get; init; } = true;

    /// <summary>HTTP signalling and pages (":8889").</summary>
    public string Address { get; init; } = ":8889";

    public bool Encryption { get; init; }

    public string ServerKey { get; init; } = "server.key";

    public string ServerCert { get; init; } = "server.crt";

    /// <summary><c>readTimeout</c>: bounds a request's headers and the idle wait between requests.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> AllowOrigins { get; init; } = ["*"];

    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    /// <summary>The single UDP port of every session (":8189"); empty disables UDP.</summary>
    public string LocalUdpAddress { get; init; } = ":8189";

    /// <summary>ICE-TCP (RFC 6544) listener; empty disables it.</summary>
    public string LocalTcpAddress { get; init; } = "";

    public bool IpsFromInterfaces { get; init; } = true;

    public IReadOnlyList<string> IpsFromInterfacesList { get; init; } = [];

    public IReadOnlyList<string> AdditionalHosts { get; init; } = [];

    public IReadOnlyList<WebrtcIceServerConf> IceServers { get; init; } = [];

    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan TrackGatherTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>webrtcSTUNGatherTimeout: how long an answer waits for the STUN servers' server-reflexive addresses.</summary>
    public TimeSpan StunGatherTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>udpReadBufferSize</c>: SO_RCVBUF of the ICE UDP mux in bytes; 0 keeps the system default.</summary>
    public int UdpReadBufferSize { get; init; }

    /// <summary>Consent freshness (RFC 7675 §5.1): a session without an authenticated check for this long is closed.</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int WriteQueueSize { get; init; } = 512;

    public int UdpMaxPayloadSize { get; init; } = 1452;

    /// <summary>
    /// SRTP profiles the DTLS handshake accepts, most preferred first (AES-GCM, then AES-CM/HMAC-SHA1-80). Not a
    /// configuration key: tests narrow it to check each profile against a browser.
    /// </summary>
    public IReadOnlyList<SrtpProfile> SrtpProfiles { get; init; } = DtlsSrtpOptions.DefaultProfiles;

    /// <summary>DTLS handshakes allowed at once (each blocks a dedicated thread in BouncyCastle).</summary>
    public int MaxConcurrentHandshakes { get; init; } = 32;

    /// <summary><c>dumpPackets</c>: each signalling (HTTP) connection's bytes go to a pcapng file in the working directory.</summary>
    public bool DumpPackets { get; init; }

    public static WebRtcServerOptions From(BrokerConf c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new WebRtcServerOptions
        {
            Enabled = c.Webrtc,
            Address = c.WebrtcAddress,
            Encryption = c.WebrtcEncryption,
            ServerKey = c.WebrtcServerKey,
            ServerCert = c.WebrtcServerCert,
            AllowOrigins = [.. c.WebrtcAllowOrigins],
            ReadTimeout = c.ReadTimeout,
            TrustedProxies = [.. c.WebrtcTrustedProxies],
            LocalUdpAddress = c.WebrtcLocalUDPAddress,
            LocalTcpAddress = c.WebrtcLocalTCPAddress,
            IpsFromInterfaces = c.WebrtcIPsFromInterfaces,
            IpsFromInterfacesList = [.. c.WebrtcIPsFromInterfacesList],
            AdditionalHosts = [.. c.WebrtcAdditionalHosts],
            IceServers = [.. c.WebrtcICEServers2],
            HandshakeTimeout = c.WebrtcHandshakeTimeout,
            TrackGatherTimeout = c.WebrtcTrackGatherTimeout,
            StunGatherTimeout = c.WebrtcSTUNGatherTimeout,
            WriteQueueSize = c.WriteQueueSize,
            UdpMaxPayloadSize = c.UdpMaxPayloadSize,
            UdpReadBufferSize = c.UdpReadBufferSize,
            DumpPackets = c.DumpPackets,
        };
    }
}
