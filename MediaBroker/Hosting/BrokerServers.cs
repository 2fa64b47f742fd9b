using MediaBroker.Core;
using MediaBroker.Servers.Rtmp;
using MediaBroker.Servers.Rtsp;
using MediaBroker.Servers.Rtsp.Client;
using MediaBroker.Servers.WebRtc;
using Microsoft.Extensions.DependencyInjection;

namespace MediaBroker.Hosting;

/// <summary>The protocol servers and pull sources the broker runs; each protocol registers itself here in one line.</summary>
internal static class BrokerServers
{
    public static void Register(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(sp => new RtspServer(sp.GetRequiredService<PathManager>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>(),
            hooks: sp.GetService<Hooks.IConnectionHooks>()));
        services.AddSingleton<IBrokerServer>(sp => sp.GetRequiredService<RtspServer>());
        services.AddSingleton<IStaticSourceFactory>(sp => new RtspSourceFactory(sp.GetRequiredService<ConfState>().Current.ReadTimeout));
        services.AddSingleton<Servers.Hls.HlsServer>();
        services.AddSingleton<IBrokerServer>(sp => sp.GetRequiredService<Servers.Hls.HlsServer>());
        services.AddSingleton<RtmpBrokerServer>();
        services.AddSingleton<IBrokerServer>(sp => sp.GetRequiredService<RtmpBrokerServer>());
        services.AddSingleton<WebRtcServer>();
        services.AddSingleton<IBrokerServer>(sp => sp.GetRequiredService<WebRtcServer>());
        services.AddSingleton<IStaticSourceFactory>(_ => new Servers.WebRtc.Client.WhepSourceFactory());
        services.AddSingleton<IStaticSourceFactory>(sp => new RtmpSourceFactory(sp.GetRequiredService<ConfState>().Current.ReadTimeout));
        Servers.Srt.SrtServiceCollectionExtensions.AddBrokerSrt(services);
        Api.Resources.RtspApiResources.Register(services);
        Api.Resources.RtmpApiResources.Register(services);
        Api.Resources.HlsApiResources.Register(services);
        Api.Resources.WebRtcApiResources.Register(services);
        Api.Resources.SrtApiResources.Register(services);
        Sources.Udp.UdpServiceCollectionExtensions.AddBrokerUdpSources(services);
        services.AddSingleton<IStaticSourceFactory>(sp => new Sources.Hls.HlsSourceFactory(sp.GetRequiredService<ConfState>().Current.ReadTimeout));
    }
}
