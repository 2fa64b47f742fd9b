using MediaBroker.Metrics;

namespace MediaBroker.Protocols.Hls;

/// <summary>MediaMTX's hls_muxers (labelled by path name) and hls_sessions sections.</summary>
public static class HlsMetrics
{
    public static IMetricsProvider Muxers(Func<IReadOnlyList<HlsMuxerInfo>> items, Func<bool> enabled) =>
        MetricsProvider.Create(MetricsOrder.HlsMuxers, new MetricsSection<HlsMuxerInfo>
        {
            Type = "hls_muxers",
            Title = "HLS muxers",
            FilterKey = "hls_muxer",
            FilterValue = m => m.Path,
            Labels = m => [new("name", m.Path)],
            Series =
            [
                new("hls_muxers", _ => 1),
                new("hls_muxers_outbound_bytes", m => m.OutboundBytes),
                new("hls_muxers_outbound_frames_discarded", m => m.OutboundFramesDiscarded),
            ],
            Deprecated = [new("hls_muxers_bytes_sent", m => m.OutboundBytes)],
        }, items, enabled);

    public static IMetricsProvider Sessions(Func<IReadOnlyList<HlsSessionInfo>> items, Func<bool> enabled) =>
        MetricsProvider.Create(MetricsOrder.HlsSessions, new MetricsSection<HlsSessionInfo>
        {
            Type = "hls_sessions",
            Title = "HLS sessions",
            FilterKey = "hls_session",
            FilterValue = s => s.Id.ToString(),
            Labels = s => [new("id", s.Id.ToString()), new("path", s.Path), new("remoteAddr", s.RemoteAddr)],
            Series = [new("hls_sessions", _ => 1), new("hls_sessions_outbound_bytes", s => s.OutboundBytes)],
        }, items, enabled);
}
