using MediaBroker.Conf;
using MediaBroker.Streams.Rtp;

namespace MediaBroker.Protocols.Rtsp.Client;

/// <summary>What an RTSP pusher reads from the configuration when it starts.</summary>
public sealed record RtspPusherOptions
{
    /// <summary>readTimeout: the limit on connecting and on each request's answer.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>writeTimeout: how long the destination may refuse data before the push fails.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>RTP payload bytes per packet: the one the RTSP server's readers use, so the packetization is shared.</summary>
    public int MaxPayloadSize { get; init; } = RtpPayloadSize.For(1452);

    public static RtspPusherOptions From(BrokerConf c) => new()
    {
        ReadTimeout = c.ReadTimeout,
        WriteTimeout = c.WriteTimeout,
        MaxPayloadSize = RtpPayloadSize.For(c.UdpMaxPayloadSize),
    };
}
