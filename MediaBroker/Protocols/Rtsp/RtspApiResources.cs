using MediaBroker.Api;
using MediaBroker.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace MediaBroker.Protocols.Rtsp;

/// <summary>rtspconns, rtspsessions, rtspsconns, rtspssessions: routes and metrics exist only while their listener runs.</summary>
public static class RtspApiResources
{
    public static void Register(IServiceCollection services)
    {
        foreach (var tls in (ReadOnlySpan<bool>)[false, true])
        {
            var prefix = tls ? "rtsps" : "rtsp";
            services.AddSingleton<IApiResourceProvider>(sp => Resource(sp.GetRequiredService<RtspServer>(), prefix + "conns",
                s => Conns(s, tls), c => c.Id.ToString(), tls));
            services.AddSingleton<IApiResourceProvider>(sp => Resource(sp.GetRequiredService<RtspServer>(), prefix + "sessions",
                s => Sessions(s, tls), c => c.Id.ToString(), tls));
            services.AddSingleton<IMetricsProvider>(sp => RtspMetrics.Conns(tls, () => Conns(sp.GetRequiredService<RtspServer>(), tls), () => IsEnabled(sp.GetRequiredService<RtspServer>(), tls)));
            services.AddSingleton<IMetricsProvider>(sp => RtspMetrics.Sessions(tls, () => Sessions(sp.GetRequiredService<RtspServer>(), tls), () => IsEnabled(sp.GetRequiredService<RtspServer>(), tls)));
        }
    }

    public static bool IsEnabled(RtspServer s, bool tls) => (tls ? s.RtspsBoundEndPoint : s.BoundEndPoint) is not null;

    /// <summary>The server's own records, plain or TLS: the API serializes them and the metrics read them as they are.</summary>
    public static IReadOnlyList<RtspConnInfo> Conns(RtspServer s, bool tls) => [.. s.Connections.Where(c => c.IsTls == tls)];

    public static IReadOnlyList<RtspSessionInfo> Sessions(RtspServer s, bool tls) => [.. s.Sessions.Where(x => x.IsTls == tls)];

    private static ApiResource<T> Resource<T>(RtspServer s, string name, Func<RtspServer, IReadOnlyList<T>> list, Func<T, string> key, bool tls)
        where T : class =>
        ApiResource.Create(name, () => list(s), key, s.Kick, () => IsEnabled(s, tls));
}
