using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Net;
using Microsoft.Extensions.DependencyInjection;

namespace MediaBroker.Protocols.Rtmp;

public static class RtmpServiceCollectionExtensions
{
    /// <summary>
    /// Registers the RTMP/RTMPS server as an <see cref="IBrokerServer"/>, its API resources and metrics sections, and the
    /// <c>rtmp://</c>/<c>rtmps://</c> pull source and push (forward) factories.
    /// </summary>
    public static IServiceCollection AddRtmp(this IServiceCollection services)
    {
        services.AddSingleton<RtmpBrokerServer>();
        services.AddSingleton<IBrokerServer>(sp => sp.GetRequiredService<RtmpBrokerServer>());
        services.AddSingleton<IReadUrlSource>(sp => new RtmpReadUrls(sp.GetRequiredService<RtmpBrokerServer>()));
        services.AddSingleton<IStaticSourceFactory>(sp => new RtmpSourceFactory(sp.GetRequiredService<ConfState>().Current.ReadTimeout));
        services.AddSingleton<IStreamPusherFactory>(sp =>
        {
            var conf = sp.GetRequiredService<ConfState>().Current;
            return new RtmpPusherFactory(conf.ReadTimeout, conf.WriteTimeout);
        });
        RtmpApiResources.Register(services);
        return services;
    }
}
