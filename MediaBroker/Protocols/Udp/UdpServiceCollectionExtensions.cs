using MediaBroker.Conf;
using MediaBroker.Core;
using Microsoft.Extensions.DependencyInjection;
using MediaBroker.Streams.MpegTs;

namespace MediaBroker.Protocols.Udp;

public static class UdpServiceCollectionExtensions
{
    /// <summary>Registers the <c>udp+mpegts://</c>, <c>udp://</c> and <c>unix+mpegts://</c> source factory.</summary>
    public static IServiceCollection AddUdpSources(this IServiceCollection services)
    {
        services.AddSingleton<IStaticSourceFactory>(sp =>
            new UdpSourceFactory(sp.GetService<ConfState>() is { } conf ? UdpSourceOptions.From(conf.Current) : null));
        return services;
    }
}
