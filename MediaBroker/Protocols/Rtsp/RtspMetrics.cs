using MediaBroker.Metrics;

namespace MediaBroker.Protocols.Rtsp;

/// <summary>MediaMTX's rtsp_conns/rtsp_sessions sections and their rtsps_ twins.</summary>
public static class RtspMetrics
{
    public static IMetricsProvider Conns(bool tls, Func<IReadOnlyList<RtspConnInfo>> items, Func<bool> enabled)
    {
        var p = tls ? "rtsps_conns" : "rtsp_conns";
        var section = new MetricsSection<RtspConnInfo>
        {
            Type = p,
            Title = tls ? "RTSPS connections" : "RTSP connections",
            FilterKey = tls ? "rtsps_conn" : "rtsp_conn",
            FilterValue = c => c.Id.ToString(),
            Labels = c => [new("id", c.Id.ToString())],
            Series = [new(p, _ => 1), new(p + "_inbound_bytes", c => c.InboundBytes), new(p + "_outbound_bytes", c => c.OutboundBytes)],
            Deprecated = [new(p + "_bytes_received", c => c.InboundBytes), new(p + "_bytes_sent", c => c.OutboundBytes)],
        };
        return MetricsProvider.Create(tls ? MetricsOrder.RtspsConns : MetricsOrder.RtspConns, section, items, enabled);
    }

    public static IMetricsProvider Sessions(bool tls, Func<IReadOnlyList<RtspSessionInfo>> items, Func<bool> enabled)
    {
        var p = tls ? "rtsps_sessions" : "rtsp_sessions";
        var section = new MetricsSection<RtspSessionInfo>
        {
            Type = p,
            Title = tls ? "RTSPS sessions" : "RTSP sessions",
            FilterKey = tls ? "rtsps_session" : "rtsp_session",
            FilterValue = s => s.Id.ToString(),
            Labels = s => [new("id", s.Id.ToString()), new("path", s.Path), new("remoteAddr", s.RemoteAddr), new("state", s.State)],
            Series =
            [
                new(p, _ => 1),
                new(p + "_inbound_bytes", s => s.InboundBytes),
                new(p + "_inbound_rtp_packets", s => s.InboundRTPPackets),
                new(p + "_inbound_rtp_packets_lost", s => s.InboundRTPPacketsLost),
                new(p + "_inbound_rtp_packets_in_error", s => s.InboundRTPPacketsInError),
                new(p + "_inbound_rtp_packets_jitter", s => s.InboundRTPPacketsJitter, IsFloat: true),
                new(p + "_inbound_rtcp_packets", s => s.InboundRTCPPackets),
                new(p + "_inbound_rtcp_packets_in_error", s => s.InboundRTCPPacketsInError),
                new(p + "_outbound_bytes", s => s.OutboundBytes),
                new(p + "_outbound_rtp_packets", s => s.OutboundRTPPackets),
                new(p + "_outbound_rtp_packets_reported_lost", s => s.OutboundRTPPacketsReportedLost),
                new(p + "_outbound_rtp_packets_discarded", s => s.OutboundRTPPacketsDiscarded),
                new(p + "_outbound_rtcp_packets", s => s.OutboundRTCPPackets),
                new(p + "_outbound_sends", s => s.OutboundSends),
            ],
            Deprecated = [new(p + "_bytes_received", s => s.InboundBytes), new(p + "_bytes_sent", s => s.OutboundBytes)],
        };
        return MetricsProvider.Create(tls ? MetricsOrder.RtspsSessions : MetricsOrder.RtspSessions, section, items, enabled);
    }
}
