using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Net;
using MediaBroker.Net.Http;
using MediaBroker.Protocols.WebRtc.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MediaBroker.Protocols.WebRtc;

public static class WebRtcServiceCollectionExtensions
{
    /// <summary>
    /// Registers the WebRTC server (WHIP/WHEP signalling, ICE/DTLS/SRTP) as an <see cref="IBrokerServer"/>, its API
    /// resources and metrics sections, the <c>whep(s)://</c> pull source factory and the <c>whip(s)://</c> pusher factory.
    /// </summary>
    public static IServiceCollection AddWebRtc(this IServiceCollection services)
    {
        services.AddSingleton<WebRtcServer>();
        services.AddSingleton<IBrokerServer>(sp => sp.GetRequiredService<WebRtcServer>());
        services.TryAddSingleton<HttpListenerDirectory>();
        services.AddSingleton<IReadUrlSource>(sp => new WebRtcReadUrls(sp.GetRequiredService<HttpListenerDirectory>()));
        services.AddSingleton<IStaticSourceFactory>(sp => new WhepSourceFactory(sp.GetRequiredService<ConfState>().Current.UdpReadBufferSize));
        services.AddSingleton<IStreamPusherFactory>(sp =>
        {
            var conf = sp.GetRequiredService<ConfState>();
            return new WhipPusherFactory(() => new WhipPusherOptions
            {
                UdpMaxPayloadSize = conf.Current.UdpMaxPayloadSize,
                UdpReadBufferSize = conf.Current.UdpReadBufferSize,
                HandshakeTimeout = conf.Current.WebrtcHandshakeTimeout,
            });
        });
        WebRtcApiResources.Register(services);
        return services;
    }
}
