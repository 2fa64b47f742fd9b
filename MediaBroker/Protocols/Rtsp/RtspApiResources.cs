using MediaBroker.Metrics;
using MediaBroker.Protocols.Rtsp;
using Microsoft.Extensions.DependencyInjection;
using MediaBroker.Api;

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

    public static IReadOnlyList<ApiRtspConn> Conns(RtspServer s, bool tls) =>
        [.. s.Connections.Where(c => c.IsTls == tls).Select(c => new ApiRtspConn(
            c.Id, c.Created, c.RemoteAddr, c.Session, c.Tunnel, c.InboundBytes, c.OutboundBytes, c.InboundBytes, c.OutboundBytes))];

    public static IReadOnlyList<ApiRtspSession> Sessions(RtspServer s, bool tls)
    {
        var conns = s.Connections;
        return [.. s.Sessions.Where(x => x.IsTls == tls).Select(x => new ApiRtspSession
        {
            Id = x.Id, Created = x.Created, RemoteAddr = x.RemoteAddr, State = x.State, Path = x.Path ?? "", Query = x.Query,
            User = x.User ?? "", UserAgent = x.UserAgent ?? "", Transport = x.Transport, Profile = x.Profile,
            Conns = [.. conns.Where(c => c.Session == x.Id).Select(c => c.Id)],
            InboundBytes = x.InboundBytes, InboundRTPPackets = x.InboundRtpPackets, InboundRTPPacketsLost = x.InboundRtpPacketsLost,
            InboundRTPPacketsInError = x.InboundRtpPacketsInError, InboundRTPPacketsJitter = x.InboundRtpPacketsJitter,
            InboundRTCPPackets = x.InboundRtcpPackets, OutboundBytes = x.OutboundBytes, OutboundRTPPackets = x.OutboundRtpPackets,
            OutboundRTPPacketsDiscarded = x.OutboundFramesDiscarded, OutboundRTCPPackets = x.OutboundRtcpPackets,
        })];
    }

    private static ApiResource<T> Resource<T>(RtspServer s, string name, Func<RtspServer, IReadOnlyList<T>> list, Func<T, string> key, bool tls)
        where T : class =>
        ApiResource.Create(name, () => list(s), key, s.Kick, () => IsEnabled(s, tls));
}
