using MediaBroker.Protocols.Hls;
using MediaBroker.Protocols.HttpStream;
using MediaBroker.Protocols.Rtmp;
using MediaBroker.Protocols.Rtsp;
using MediaBroker.Protocols.Srt;
using MediaBroker.Protocols.Udp;
using MediaBroker.Protocols.WebRtc;
using Microsoft.Extensions.DependencyInjection;

namespace MediaBroker.Hosting;

/// <summary>The protocols the broker runs: each registers its server, pull sources and control-plane views itself.</summary>
internal static class BrokerServers
{
    public static void Register(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRtsp();
        services.AddHls();
        services.AddHttpStream();
        services.AddRtmp();
        services.AddWebRtc();
        services.AddSrt();
        services.AddUdpSources();
    }
}
