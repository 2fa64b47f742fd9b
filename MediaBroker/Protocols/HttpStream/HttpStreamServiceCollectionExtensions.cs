using MediaBroker.Api;
using MediaBroker.Core;
using MediaBroker.Metrics;
using MediaBroker.Net.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MediaBroker.Protocols.HttpStream;

public static class HttpStreamServiceCollectionExtensions
{
    /// <summary>
    /// Registers the plain-HTTP outputs as a handler of the HLS listener, the <c>httpstreamsessions</c> API resource and
    /// the http_stream_sessions metrics section.
    /// </summary>
    public static IServiceCollection AddHttpStream(this IServiceCollection services)
    {
        services.AddSingleton<HttpStreamServer>();
        services.AddSingleton<IHttpRequestHandler>(sp => sp.GetRequiredService<HttpStreamServer>());
        services.TryAddSingleton<HttpListenerDirectory>();
        services.AddSingleton<IReadUrlSource>(sp => new HttpStreamReadUrls(sp.GetRequiredService<HttpListenerDirectory>()));
        services.AddSingleton<IApiResourceProvider>(sp =>
        {
            var s = sp.GetRequiredService<HttpStreamServer>();
            return ApiResource.Create("httpstreamsessions", () => s.Sessions, x => x.Id.ToString(), s.Kick, () => s.IsEnabled);
        });
        services.AddSingleton<IMetricsProvider>(sp =>
        {
            var s = sp.GetRequiredService<HttpStreamServer>();
            return HttpStreamMetrics.Sessions(() => s.Sessions, () => s.IsEnabled);
        });
        return services;
    }
}
