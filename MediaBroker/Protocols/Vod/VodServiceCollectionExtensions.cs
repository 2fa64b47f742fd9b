using MediaBroker.Net.Http;
using MediaBroker.Streams.Files;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MediaBroker.Protocols.Vod;

public static class VodServiceCollectionExtensions
{
    /// <summary>
    /// Registers the seekable outputs of file paths (<c>/&lt;path&gt;/vod.m3u8</c>, <c>/vod/&lt;n&gt;.ts</c>,
    /// <c>/vod.mp4</c>, <c>/vod.mpd</c> and its segments) as a handler of the HLS listener. Register it before the HTTP outputs, whose <c>/&lt;path&gt;.mp4</c>
    /// would otherwise take <c>/&lt;path&gt;/vod.mp4</c> for the live stream of a path named <c>&lt;path&gt;/vod</c>.
    /// </summary>
    public static IServiceCollection AddVod(this IServiceCollection services)
    {
        services.TryAddSingleton<FileVodIndexCache>();
        services.AddSingleton<VodServer>();
        services.AddSingleton<IHttpRequestHandler>(sp => sp.GetRequiredService<VodServer>());
        return services;
    }
}
