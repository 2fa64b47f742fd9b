using MediaBroker.Metrics;

namespace MediaBroker.Protocols.WebRtc;

/// <summary>MediaMTX's webrtc_sessions section.</summary>
public static class WebRtcMetrics
{
    public static IMetricsProvider Sessions(Func<IReadOnlyList<WebRtcSessionInfo>> items, Func<bool> enabled) =>
        MetricsProvider.Create(MetricsOrder.WebRtcSessions, new MetricsSection<WebRtcSessionInfo>
        {
            Type = "webrtc_sessions",
            Title = "WebRTC sessions",
            FilterKey = "webrtc_session",
            FilterValue = s => s.Id.ToString(),
            Labels = s => [new("id", s.Id.ToString()), new("path", s.Path), new("remoteAddr", s.RemoteAddr), new("state", s.State)],
            Series =
            [
                new("webrtc_sessions", _ => 1),
                new("webrtc_sessions_inbound_bytes", s => s.InboundBytes),
                new("webrtc_sessions_inbound_rtp_packets", s => s.InboundRTPPackets),
                new("webrtc_sessions_inbound_rtp_packets_lost", s => s.InboundRTPPacketsLost),
                new("webrtc_sessions_inbound_rtp_packets_jitter", s => s.InboundRTPPacketsJitter, IsFloat: true),
                new("webrtc_sessions_inbound_rtcp_packets", s => s.InboundRTCPPackets),
                new("webrtc_sessions_outbound_bytes", s => s.OutboundBytes),
                new("webrtc_sessions_outbound_rtp_packets", s => s.OutboundRTPPackets),
                new("webrtc_sessions_outbound_rtcp_packets", s => s.OutboundRTCPPackets),
                new("webrtc_sessions_outbound_frames_discarded", s => s.OutboundFramesDiscarded),
            ],
            Deprecated = [new("webrtc_sessions_bytes_received", s => s.InboundBytes), new("webrtc_sessions_bytes_sent", s => s.OutboundBytes)],
        }, items, enabled);
}
