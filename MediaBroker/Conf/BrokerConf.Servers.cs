using System.Collections.Immutable;

namespace MediaBroker.Conf;

/// <summary>The protocol servers' keys (RTSP, RTMP, HLS, WebRTC, SRT).</summary>
public sealed partial record BrokerConf
{
    // RTSP server.
    public bool Rtsp { get; init; } = true;
    [ConfOneOf("udp", "multicast", "tcp")]
    public ImmutableArray<string> RtspTransports { get; init; } = ["udp", "multicast", "tcp"];
    [ConfOneOf("no", "strict", "optional")]
    public string RtspEncryption { get; init; } = "no";
    public string RtspAddress { get; init; } = ":8554";
    public string RtspsAddress { get; init; } = ":8322";
    public string RtpAddress { get; init; } = ":8000";
    public string RtcpAddress { get; init; } = ":8001";
    public string MulticastIPRange { get; init; } = "224.1.0.0/16";
    public int MulticastRTPPort { get; init; } = 8002;
    public int MulticastRTCPPort { get; init; } = 8003;
    public string SrtpAddress { get; init; } = ":8004";
    public string SrtcpAddress { get; init; } = ":8005";
    public int MulticastSRTPPort { get; init; } = 8006;
    public int MulticastSRTCPPort { get; init; } = 8007;
    public string RtspServerKey { get; init; } = "server.key";
    public string RtspServerCert { get; init; } = "server.crt";
    [ConfOneOf("basic", "digest")]
    public ImmutableArray<string> RtspAuthMethods { get; init; } = ["basic"];
    public ImmutableArray<string> RtspTrustedProxies { get; init; } = [];

    // RTMP server.
    public bool Rtmp { get; init; } = true;
    [ConfOneOf("no", "strict", "optional")]
    public string RtmpEncryption { get; init; } = "no";
    public string RtmpAddress { get; init; } = ":1935";
    public string RtmpsAddress { get; init; } = ":1936";
    public string RtmpServerKey { get; init; } = "server.key";
    public string RtmpServerCert { get; init; } = "server.crt";
    public ImmutableArray<string> RtmpTrustedProxies { get; init; } = [];

    // HLS server.
    public bool Hls { get; init; } = true;
    public string HlsAddress { get; init; } = ":8888";
    public bool HlsEncryption { get; init; }
    public string HlsServerKey { get; init; } = "server.key";
    public string HlsServerCert { get; init; } = "server.crt";
    public ImmutableArray<string> HlsAllowOrigins { get; init; } = ["*"];
    public ImmutableArray<string> HlsTrustedProxies { get; init; } = [];
    public bool HlsAlwaysRemux { get; init; }
    [ConfOneOf("mpegts", "fmp4", "lowLatency")]
    public string HlsVariant { get; init; } = "lowLatency";
    public int HlsSegmentCount { get; init; } = 7;
    public TimeSpan HlsSegmentDuration { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan HlsPartDuration { get; init; } = TimeSpan.FromMilliseconds(200);
    public long HlsSegmentMaxSize { get; init; } = 50L * 1024 * 1024;
    public string HlsDirectory { get; init; } = "";
    public TimeSpan HlsMuxerCloseAfter { get; init; } = TimeSpan.FromSeconds(60);
    public string HlsCDNSecret { get; init; } = "";

    // WebRTC server.
    public bool Webrtc { get; init; } = true;
    public string WebrtcAddress { get; init; } = ":8889";
    public bool WebrtcEncryption { get; init; }
    public string WebrtcServerKey { get; init; } = "server.key";
    public string WebrtcServerCert { get; init; } = "server.crt";
    public ImmutableArray<string> WebrtcAllowOrigins { get; init; } = ["*"];
    public ImmutableArray<string> WebrtcTrustedProxies { get; init; } = [];
    public string WebrtcLocalUDPAddress { get; init; } = ":8189";
    public string WebrtcLocalTCPAddress { get; init; } = "";
    public bool WebrtcIPsFromInterfaces { get; init; } = true;
    public ImmutableArray<string> WebrtcIPsFromInterfacesList { get; init; } = [];
    public ImmutableArray<string> WebrtcAdditionalHosts { get; init; } = [];
    public ImmutableArray<WebrtcIceServerConf> WebrtcICEServers2 { get; init; } = [];
    public TimeSpan WebrtcSTUNGatherTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan WebrtcHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan WebrtcTrackGatherTimeout { get; init; } = TimeSpan.FromSeconds(2);

    // SRT server.
    public bool Srt { get; init; } = true;
    public string SrtAddress { get; init; } = ":8890";
}
