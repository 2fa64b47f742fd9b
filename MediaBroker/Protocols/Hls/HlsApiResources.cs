using MediaBroker.Api;
using MediaBroker.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace MediaBroker.Protocols.Hls;

/// <summary>hlsmuxers (get by path name, no kick, as MediaMTX) and hlssessions, while the HLS server runs.</summary>
public static class HlsApiResources
{
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<IApiResourceProvider>(sp =>
        {
            var s = sp.GetRequiredService<HlsServer>();
            return ApiResource.Create("hlsmuxers", () => Muxers(s), m => m.Path, enabled: () => IsEnabled(s));
        });
        services.AddSingleton<IApiResourceProvider>(sp =>
        {
            var s = sp.GetRequiredService<HlsServer>();
            return ApiResource.Create("hlssessions", () => Sessions(s), x => x.Id.ToString(), s.Kick, () => IsEnabled(s));
        });
        services.AddSingleton<IMetricsProvider>(sp =>
        {
            var s = sp.GetRequiredService<HlsServer>();
            return HlsMetrics.Muxers(() => Muxers(s), () => IsEnabled(s));
        });
        services.AddSingleton<IMetricsProvider>(sp =>
        {
            var s = sp.GetRequiredService<HlsServer>();
            return HlsMetrics.Sessions(() => Sessions(s), () => IsEnabled(s));
        });
    }

    public static bool IsEnabled(HlsServer s) => s.BoundEndPoint is not null;

    public static IReadOnlyList<HlsMuxerInfo> Muxers(HlsServer s) => s.Muxers;

    public static IReadOnlyList<HlsSessionInfo> Sessions(HlsServer s) => s.Sessions;
}
