using MediaBroker.Core;
using MediaBroker.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MediaBroker.Sources.Udp;

public static class UdpServiceCollectionExtensions
{
    /// <summary>Registers the <c>udp+mpegts://</c>, <c>udp://</c> and <c>unix+mpegts://</c> source factory.</summary>
    public static IServiceCollection AddBrokerUdpSources(this IServiceCollection services)
    {
        services.AddSingleton<IStaticSourceFactory>(sp =>
            new UdpSourceFactory(sp.GetService<ConfState>() is { } conf ? UdpSourceOptions.From(conf.Current) : null));
        return services;
    }
}
