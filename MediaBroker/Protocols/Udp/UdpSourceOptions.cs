using MediaBroker.Conf;
using MediaBroker.Streams.MpegTs;

namespace MediaBroker.Protocols.Udp;

/// <summary>What UDP and unix-socket sources read from the global configuration.</summary>
public sealed record UdpSourceOptions
{
    /// <summary>Once the stream is ready, this long without data ends the source (the path then restarts it).</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>SO_RCVBUF for UDP sockets (<c>udpReadBufferSize</c>); 0 keeps the system default.</summary>
    public int UdpReadBufferSize { get; init; }

    public static UdpSourceOptions From(BrokerConf c) => new() { ReadTimeout = c.ReadTimeout, UdpReadBufferSize = c.UdpReadBufferSize };
}
