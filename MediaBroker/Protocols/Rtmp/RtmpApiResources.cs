using MediaBroker.Api;
using MediaBroker.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace MediaBroker.Protocols.Rtmp;

/// <summary>rtmpconns and rtmpsconns: routes and metrics exist only while their listener runs.</summary>
public static class RtmpApiResources
{
    public static void Register(IServiceCollection services)
    {
        foreach (var tls in (ReadOnlySpan<bool>)[false, true])
        {
            services.AddSingleton<IApiResourceProvider>(sp =>
            {
                var b = sp.GetRequiredService<RtmpBrokerServer>();
                return ApiResource.Create(tls ? "rtmpsconns" : "rtmpconns", () => Conns(b, tls), c => c.Id.ToString(),
                    id => b.Server?.Kick(id) ?? false, () => IsEnabled(b, tls));
            });
            services.AddSingleton<IMetricsProvider>(sp =>
            {
                var b = sp.GetRequiredService<RtmpBrokerServer>();
                return RtmpMetrics.Conns(tls, () => Conns(b, tls), () => IsEnabled(b, tls));
            });
        }
    }

    public static bool IsEnabled(RtmpBrokerServer b, bool tls) => (tls ? b.Server?.RtmpsBoundEndPoint : b.Server?.BoundEndPoint) is not null;

    /// <summary>The server's own connection records, plain or TLS: the API serializes them and the metrics read them as they are.</summary>
    public static IReadOnlyList<RtmpConnInfo> Conns(RtmpBrokerServer b, bool tls) =>
        [.. (b.Server?.Connections ?? []).Where(c => c.IsTls == tls)];
}
