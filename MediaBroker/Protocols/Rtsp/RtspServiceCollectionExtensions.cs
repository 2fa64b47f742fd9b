using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Hooks;
using MediaBroker.Net;
using MediaBroker.Protocols.Rtsp.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Rtsp;

public static class RtspServiceCollectionExtensions
{
    /// <summary>
    /// Registers the RTSP/RTSPS server as an <see cref="IBrokerServer"/>, its API resources and metrics sections, and the
    /// <c>rtsp://</c>/<c>rtsps://</c> pull source and push (forward) factories.
    /// </summary>
    public static IServiceCollection AddRtsp(this IServiceCollection services)
    {
        services.AddSingleton(sp => new RtspServer(sp.GetRequiredService<PathManager>(), sp.GetRequiredService<ILoggerFactory>(),
            hooks: sp.GetService<IConnectionHooks>()));
        services.AddSingleton<IBrokerServer>(sp => sp.GetRequiredService<RtspServer>());
        services.AddSingleton<IReadUrlSource>(sp => new RtspReadUrls(sp.GetRequiredService<RtspServer>()));
        services.AddSingleton<IStaticSourceFactory>(sp => new RtspSourceFactory(sp.GetRequiredService<ConfState>().Current.ReadTimeout, sp.GetRequiredService<ConfState>().Current.UdpReadBufferSize));
        services.AddSingleton<IStreamPusherFactory>(sp =>
        {
            var conf = sp.GetRequiredService<ConfState>();
            return new RtspPusherFactory(() => RtspPusherOptions.From(conf.Current));
        });
        RtspApiResources.Register(services);
        return services;
    }
}
