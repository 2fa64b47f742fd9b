using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Net;
using MediaBroker.Protocols.WebRtc.Client;
using Microsoft.Extensions.DependencyInjection;

namespace MediaBroker.Protocols.WebRtc;

public static class WebRtcServiceCollectionExtensions
{
    /// <summary>
    /// Registers the WebRTC server (WHIP/WHEP signalling, ICE/DTLS/SRTP) as an <see cref="IBrokerServer"/>, its API
    /// resources and metrics sections, and the <c>whep(s)://</c> pull source factory.
    /// </summary>
    public static IServiceCollection AddWebRtc(this IServiceCollection services)
    {
        services.AddSingleton<WebRtcServer>();
        services.AddSingleton<IBrokerServer>(sp => sp.GetRequiredService<WebRtcServer>());
        services.AddSingleton<IStaticSourceFactory>(sp => new WhepSourceFactory(sp.GetRequiredService<ConfState>().Current.UdpReadBufferSize));
        WebRtcApiResources.Register(services);
        return services;
    }
}
