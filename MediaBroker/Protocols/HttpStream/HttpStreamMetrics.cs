using MediaBroker.Metrics;

namespace MediaBroker.Protocols.HttpStream;

/// <summary>Our http_stream_sessions section (MediaMTX has no plain-HTTP outputs): one series set per reader.</summary>
public static class HttpStreamMetrics
{
    public static IMetricsProvider Sessions(Func<IReadOnlyList<HttpStreamSessionInfo>> items, Func<bool> enabled) =>
        MetricsProvider.Create(MetricsOrder.HttpStreamSessions, new MetricsSection<HttpStreamSessionInfo>
        {
            Type = "http_stream_sessions",
            Title = "HTTP stream sessions",
            FilterKey = "http_stream_session",
            FilterValue = s => s.Id.ToString(),
            Labels = s => [new("id", s.Id.ToString()), new("path", s.Path), new("remoteAddr", s.RemoteAddr), new("format", s.Format)],
            Series =
            [
                new("http_stream_sessions", _ => 1),
                new("http_stream_sessions_outbound_bytes", s => s.OutboundBytes),
                new("http_stream_sessions_outbound_sends", s => s.OutboundSends),
                new("http_stream_sessions_outbound_frames_discarded", s => s.OutboundFramesDiscarded),
            ],
        }, items, enabled);
}
