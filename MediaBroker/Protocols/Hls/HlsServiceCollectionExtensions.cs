using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Net;
using MediaBroker.Net.Http;
using MediaBroker.Protocols.Hls.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MediaBroker.Protocols.Hls;

public static class HlsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the HLS server as an <see cref="IBrokerServer"/>, its API resources and metrics sections, and the
    /// <c>http(s)://…m3u8</c> pull source factory.
    /// </summary>
    public static IServiceCollection AddHls(this IServiceCollection services)
    {
        services.AddSingleton<HlsServer>();
        services.AddSingleton<IBrokerServer>(sp => sp.GetRequiredService<HlsServer>());
        services.TryAddSingleton<HttpListenerDirectory>();
        services.AddSingleton<IReadUrlSource>(sp => new HlsReadUrls(sp.GetRequiredService<HttpListenerDirectory>(), sp.GetRequiredService<ConfState>()));
        services.AddSingleton<IStaticSourceFactory>(sp => new HlsSourceFactory(sp.GetRequiredService<ConfState>().Current.ReadTimeout));
        HlsApiResources.Register(services);
        return services;
    }
}
