using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Net;
using Microsoft.Extensions.DependencyInjection;

namespace MediaBroker.Protocols.Srt;

public static class SrtServiceCollectionExtensions
{
    /// <summary>
    /// Registers the shared <see cref="SrtRuntime"/> (libsrt, loaded lazily), the SRT server as an
    /// <see cref="IBrokerServer"/> (also resolvable as <see cref="SrtServer"/> for the API) its API resources and
    /// metrics sections, and the <c>srt://</c> pull source and push (forward) factories.
    /// </summary>
    public static IServiceCollection AddSrt(this IServiceCollection services)
    {
        services.AddSingleton<SrtRuntime>();
        services.AddSingleton<SrtServer>();
        services.AddSingleton<IBrokerServer>(sp => sp.GetRequiredService<SrtServer>());
        services.AddSingleton<IReadUrlSource>(sp => new SrtReadUrls(sp.GetRequiredService<SrtServer>()));
        services.AddSingleton<IStaticSourceFactory>(sp => new SrtSourceFactory(
            sp.GetRequiredService<SrtRuntime>(),
            sp.GetService<ConfState>() is { } conf ? new SrtSourceOptions { ReadTimeout = conf.Current.ReadTimeout } : null));
        services.AddSingleton<IStreamPusherFactory>(sp =>
        {
            var conf = sp.GetService<ConfState>();
            return new SrtPusherFactory(sp.GetRequiredService<SrtRuntime>(), () => conf is null ? new SrtPusherOptions() : SrtPusherOptions.From(conf.Current));
        });
        SrtApiResources.Register(services);
        return services;
    }
}
