using System.Net;
using System.Security.Cryptography.X509Certificates;
using MediaBroker.Conf;
using MediaBroker.Net;

namespace MediaBroker.Protocols.Rtsp;

public enum RtspEncryption
{
    No,
    Optional,
    Strict,
}

/// <summary>The RTSP server's settings, mapped from MediaMTX's <c>rtsp*</c>, <c>rtp*</c>, <c>multicast*</c> keys.</summary>
public sealed record RtspServerOptions
{
    /// <summary><c>rtspTransports</c>: which of udp, multicast, tcp clients may use.</summary>
    public bool AllowUdp { get; init; } = true;

    public bool AllowMulticast { get; init; } = true;

    public bool AllowTcp { get; init; } = true;

    public RtspEncryption Encryption { get; init; } = RtspEncryption.No;

    /// <summary><c>rtspAddress</c>; used unless encryption is strict.</summary>
    public IPEndPoint Address { get; init; } = new(IPAddress.IPv6Any, 8554);

    /// <summary><c>rtspsAddress</c>; used when encryption is optional or strict.</summary>
    public IPEndPoint RtspsAddress { get; init; } = new(IPAddress.IPv6Any, 8322);

    /// <summary><c>rtpAddress</c>: the server's UDP RTP port (the RTCP one is <see cref="RtcpAddress"/>).</summary>
    public IPEndPoint RtpAddress { get; init; } = new(IPAddress.IPv6Any, 8000);

    public IPEndPoint RtcpAddress { get; init; } = new(IPAddress.IPv6Any, 8001);

    /// <summary><c>udpReadBufferSize</c>: SO_RCVBUF of the RTP/RTCP (and SRTP/SRTCP) sockets in bytes; 0 keeps the system default.</summary>
    public int UdpReadBufferSize { get; init; }

    /// <summary><c>srtpAddress</c>/<c>srtcpAddress</c>: UDP ports of SAVP (SRTP) clients, opened when encryption is on.</summary>
    public IPEndPoint SrtpAddress { get; init; } = new(IPAddress.IPv6Any, 8004);

    public IPEndPoint SrtcpAddress { get; init; } = new(IPAddress.IPv6Any, 8005);

    /// <summary><c>multicastIPRange</c>: groups are allocated from it, one per track of a stream.</summary>
    public string MulticastIPRange { get; init; } = "224.1.0.0/16";

    public int MulticastRtpPort { get; init; } = 8002;

    public int MulticastRtcpPort { get; init; } = 8003;

    /// <summary><c>multicastSRTPPort</c>/<c>multicastSRTCPPort</c>: ports of the SAVP (SRTP) multicast groups of RTSPS readers.</summary>
    public int MulticastSrtpPort { get; init; } = 8006;

    public int MulticastSrtcpPort { get; init; } = 8007;

    public string ServerKey { get; init; } = "server.key";

    public string ServerCert { get; init; } = "server.crt";

    /// <summary>Used instead of loading <see cref="ServerCert"/>/<see cref="ServerKey"/> (tests, embedding).</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary><c>rtspAuthMethods</c>: the challenges sent with 401 ("basic", "digest").</summary>
    public IReadOnlyList<string> AuthMethods { get; init; } = ["basic"];

    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The session timeout announced in the <c>Session</c> header; UDP readers silent this long are closed.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary><c>udpMaxPayloadSize</c>: largest RTP packet (header included) we send.</summary>
    public int UdpMaxPayloadSize { get; init; } = 1452;

    /// <summary>How often sender reports go to readers and receiver reports to publishers.</summary>
    public TimeSpan RtcpPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>dumpPackets</c>: each connection's bytes, and the RTP/RTCP sockets' datagrams, go to pcapng files in the working directory.</summary>
    public bool DumpPackets { get; init; }

    /// <summary>Reads the RTSP keys of a configuration.</summary>
    public static RtspServerOptions From(BrokerConf c) => new()
    {
        AllowUdp = c.RtspTransports.Contains("udp"),
        AllowMulticast = c.RtspTransports.Contains("multicast"),
        AllowTcp = c.RtspTransports.Contains("tcp"),
        Encryption = c.RtspEncryption switch { "strict" => RtspEncryption.Strict, "optional" => RtspEncryption.Optional, _ => RtspEncryption.No },
        Address = ListenAddress.Parse(c.RtspAddress),
        RtspsAddress = ListenAddress.Parse(c.RtspsAddress),
        RtpAddress = ListenAddress.Parse(c.RtpAddress),
        RtcpAddress = ListenAddress.Parse(c.RtcpAddress),
        SrtpAddress = ListenAddress.Parse(c.SrtpAddress),
        SrtcpAddress = ListenAddress.Parse(c.SrtcpAddress),
        MulticastIPRange = c.MulticastIPRange,
        MulticastRtpPort = c.MulticastRTPPort,
        MulticastRtcpPort = c.MulticastRTCPPort,
        MulticastSrtpPort = c.MulticastSRTPPort,
        MulticastSrtcpPort = c.MulticastSRTCPPort,
        ServerKey = c.RtspServerKey,
        ServerCert = c.RtspServerCert,
        AuthMethods = [.. c.RtspAuthMethods],
        TrustedProxies = [.. c.RtspTrustedProxies],
        ReadTimeout = c.ReadTimeout,
        WriteTimeout = c.WriteTimeout,
        UdpMaxPayloadSize = c.UdpMaxPayloadSize,
        UdpReadBufferSize = c.UdpReadBufferSize,
        DumpPackets = c.DumpPackets,
    };

    /// <summary>The global keys the RTSP server reads; a change to any of them restarts it.</summary>
    public static IReadOnlySet<string> ConfKeys { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "rtsp", "rtspTransports", "rtspEncryption", "rtspAddress", "rtspsAddress", "rtpAddress", "rtcpAddress",
        "multicastIPRange", "multicastRTPPort", "multicastRTCPPort", "srtpAddress", "srtcpAddress", "multicastSRTPPort",
        "multicastSRTCPPort", "rtspServerKey", "rtspServerCert", "rtspAuthMethods", "rtspTrustedProxies", "readTimeout",
        "writeTimeout", "writeQueueSize", "udpMaxPayloadSize", "udpReadBufferSize", "dumpPackets",
    };
}
