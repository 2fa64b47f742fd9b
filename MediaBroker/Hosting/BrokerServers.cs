using MediaBroker.Protocols.Hls;
using MediaBroker.Protocols.HttpStream;
using MediaBroker.Protocols.Rtmp;
using MediaBroker.Protocols.Rtsp;
using MediaBroker.Protocols.Srt;
using MediaBroker.Protocols.Udp;
using MediaBroker.Protocols.Vod;
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
        // Before the HTTP outputs: their /<path>.mp4 would take /<path>/vod.mp4 for a live path named <path>/vod.
        services.AddVod();
        services.AddHttpStream();
        services.AddRtmp();
        services.AddWebRtc();
        services.AddSrt();
        services.AddUdpSources();
    }
}
