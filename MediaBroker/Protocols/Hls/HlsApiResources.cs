using MediaBroker.Metrics;
using MediaBroker.Protocols.Hls;
using Microsoft.Extensions.DependencyInjection;
using MediaBroker.Api;

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

    public static IReadOnlyList<ApiHlsMuxer> Muxers(HlsServer s) =>
        [.. s.Muxers.Select(m => new ApiHlsMuxer(m.Path, m.Created, m.LastRequest, m.OutboundBytes, m.OutboundFramesDiscarded, m.OutboundBytes))];

    public static IReadOnlyList<ApiHlsSession> Sessions(HlsServer s) =>
        [.. s.Sessions.Select(x => new ApiHlsSession(x.Id, x.Created, x.RemoteAddr, x.Path, x.Query, x.User, x.UserAgent, x.IsCdn, x.OutboundBytes))];
}
