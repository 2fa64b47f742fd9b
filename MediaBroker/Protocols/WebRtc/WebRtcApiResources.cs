using MediaBroker.Metrics;
using MediaBroker.Protocols.WebRtc;
using MediaBroker.Protocols.WebRtc.Sessions;
using Microsoft.Extensions.DependencyInjection;
using MediaBroker.Api;

namespace MediaBroker.Protocols.WebRtc;

/// <summary>webrtcsessions (list/get/kick) and the webrtc_sessions metrics, while the WebRTC server runs.</summary>
public static class WebRtcApiResources
{
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<IApiResourceProvider>(sp =>
        {
            var s = sp.GetRequiredService<WebRtcServer>();
            return ApiResource.Create("webrtcsessions", () => Sessions(s), x => x.Id.ToString(), s.Sessions.Kick, () => IsEnabled(s));
        });
        services.AddSingleton<IMetricsProvider>(sp =>
        {
            var s = sp.GetRequiredService<WebRtcServer>();
            return WebRtcMetrics.Sessions(() => Sessions(s), () => IsEnabled(s));
        });
    }

    public static bool IsEnabled(WebRtcServer s) => s.BoundEndPoint is not null;

    public static IReadOnlyList<ApiWebRtcSession> Sessions(WebRtcServer s) => [.. s.Sessions.List().Select(Map)];

    private static ApiWebRtcSession Map(WebRtcSession x) => new()
    {
        Id = x.Id, Created = x.Created, RemoteAddr = x.RemoteAddr.ToString(), PeerConnectionEstablished = x.PeerConnectionEstablished,
        LocalCandidate = x.LocalCandidate, RemoteCandidate = x.RemoteCandidate, State = x.State, Path = x.Path, Query = x.Query,
        User = x.User ?? "", UserAgent = x.UserAgent ?? "",
        InboundBytes = x.InboundBytes, InboundRTPPackets = x.InboundRtpPackets,
        InboundRTPPacketsLost = (x as WebRtcPublishSession)?.InboundRtpPacketsLost ?? 0,
        InboundRTPPacketsJitter = (x as WebRtcPublishSession)?.InboundRtpPacketsJitter ?? 0,
        InboundRTCPPackets = x.InboundRtcpPackets, OutboundBytes = x.OutboundBytes, OutboundRTPPackets = x.OutboundRtpPackets,
        OutboundRTCPPackets = x.OutboundRtcpPackets, OutboundFramesDiscarded = (x as WebRtcReadSession)?.OutboundFramesDiscarded ?? 0,
    };
}
