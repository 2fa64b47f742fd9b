using MediaBroker.Metrics;

namespace MediaBroker.Protocols.Rtmp;

/// <summary>MediaMTX's rtmp_conns section and its rtmps_conns twin.</summary>
public static class RtmpMetrics
{
    public static IMetricsProvider Conns(bool tls, Func<IReadOnlyList<RtmpConnInfo>> items, Func<bool> enabled)
    {
        var p = tls ? "rtmps_conns" : "rtmp_conns";
        var section = new MetricsSection<RtmpConnInfo>
        {
            Type = p,
            Title = tls ? "RTMPS connections" : "RTMP connections",
            FilterKey = tls ? "rtmps_conn" : "rtmp_conn",
            FilterValue = c => c.Id.ToString(),
            Labels = c => [new("id", c.Id.ToString()), new("path", c.Path), new("remoteAddr", c.RemoteAddr), new("state", c.State)],
            Series =
            [
                new(p, _ => 1),
                new(p + "_inbound_bytes", c => c.InboundBytes),
                new(p + "_outbound_bytes", c => c.OutboundBytes),
                new(p + "_outbound_frames_discarded", c => c.OutboundFramesDiscarded),
                new(p + "_outbound_sends", c => c.OutboundSends),
            ],
            Deprecated = [new(p + "_bytes_received", c => c.InboundBytes), new(p + "_bytes_sent", c => c.OutboundBytes)],
        };
        return MetricsProvider.Create(tls ? MetricsOrder.RtmpsConns : MetricsOrder.RtmpConns, section, items, enabled);
    }
}
