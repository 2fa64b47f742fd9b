using MediaBroker.Auth;
using MediaBroker.Core;
using MediaBroker.Net.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Embed;

public static class EmbedServiceCollectionExtensions
{
    /// <summary>
    /// Registers the stream info and the embeddable player as handlers of the HLS and the WebRTC listeners (each asks for
    /// read access as that listener's readers do).
    /// </summary>
    public static IServiceCollection AddEmbed(this IServiceCollection services)
    {
        services.AddSingleton<EmbedAssets>();
        services.AddSingleton<IHttpRequestHandler>(sp => Create(sp, HttpListenerNames.Hls, AuthProtocol.Hls));
        services.AddSingleton<IHttpRequestHandler>(sp => Create(sp, HttpListenerNames.WebRtc, AuthProtocol.WebRtc));
        return services;
    }

    private static EmbedHandler Create(IServiceProvider sp, string listener, string authProtocol) => new(
        listener, authProtocol, sp.GetRequiredService<PathManager>(), sp.GetServices<IReadUrlSource>(), sp.GetRequiredService<EmbedAssets>(),
        sp.GetRequiredService<ILoggerFactory>());
}
