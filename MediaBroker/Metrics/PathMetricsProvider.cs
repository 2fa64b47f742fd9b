using MediaBroker.Core;
using MediaBroker.Forward;

namespace MediaBroker.Metrics;

/// <summary>
/// The <c># Paths</c> section (and the forward destinations one): one <c>paths</c> line per path, readers counted
/// per reader type (an empty readerType with 0 when there are none), the byte counters, and the deprecated twin.
/// </summary>
public sealed class PathMetricsProvider(PathManager paths, ForwardManager? forwards = null) : IMetricsProvider
{
    public int Order => MetricsOrder.Paths;

    public void Write(MetricsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var q = writer.Query;
        var pathFilter = q.Filter("path");
        if ((q.Type.Length == 0 || q.Type == "paths") && (!q.AnyFilter || pathFilter.Length != 0))
        {
            WritePaths(writer, paths.Paths, pathFilter);
        }

        if ((q.Type.Length == 0 || q.Type == "forward_dests") && (!q.AnyFilter || pathFilter.Length != 0 || q.Filter("forward_dest").Length != 0))
        {
            WriteForwards(writer, forwards?.All ?? [], pathFilter, q.Filter("forward_dest"), q.Type == "forward_dests");
        }
    }

    /// <summary>
    /// One line per forward destination (labels id, path, protocol, state); with none, MediaMTX prints the bare section
    /// only when it is asked for by type.
    /// </summary>
    private static void WriteForwards(MetricsWriter w, IReadOnlyList<ForwardDest> all, string pathFilter, string idFilter, bool byType)
    {
        var items = all.Where(d => (pathFilter.Length == 0 || d.PathName == pathFilter)
            && (idFilter.Length == 0 || d.Session.Id.ToString() == idFilter)).ToList();
        if (items.Count == 0)
        {
            if (byType && pathFilter.Length == 0 && idFilter.Length == 0)
            {
                w.Comment("Forward destinations");
                w.Line("forward_dests", "", 0);
                w.Line("forward_dests_outbound_bytes", "", 0);
                w.Blank();
            }

            return;
        }

        w.Comment("Forward destinations");
        foreach (var d in items)
        {
            var labels = MetricsWriter.Labels([new("id", d.Session.Id.ToString()), new("path", d.PathName),
                new("protocol", d.Session.Protocol), new("state", d.Session.State.ToApi())]);
            w.Line("forward_dests", labels, 1);
            w.Line("forward_dests_outbound_bytes", labels, d.Session.OutboundBytes);
        }

        w.Blank();
    }

    private static void WritePaths(MetricsWriter w, IReadOnlyList<MediaPath> list, string filter)
    {
        if (list.Count == 0)
        {
            if (filter.Length == 0)
            {
                w.Comment("Paths");
                foreach (var name in (ReadOnlySpan<string>)["paths", "paths_inbound_bytes", "paths_outbound_bytes", "paths_inbound_frames_in_error"])
                {
                    w.Line(name, "", 0);
                }

                w.Blank();
                w.Comment("Paths (deprecated)");
                foreach (var name in (ReadOnlySpan<string>)["paths_bytes_received", "paths_bytes_sent", "paths_readers"])
                {
                    w.Line(name, "", 0);
                }

                w.Blank();
            }

            return;
        }

        var snapshot = list.Where(p => filter.Length == 0 || p.Name == filter)
            .Select(p => (Path: p, State: p.IsReady ? "ready" : "notReady", Inbound: p.InboundBytes))
            .ToList();
        w.Comment("Paths");
        foreach (var (p, state, inbound) in snapshot)
        {
            var labels = MetricsWriter.Labels([new("name", p.Name), new("state", state)]);
            w.Line("paths", labels, 1);
            var byType = p.Readers.GroupBy(r => r.ApiType, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            if (byType.Count == 0)
            {
                w.Line("paths_readers", MetricsWriter.Labels([new("name", p.Name), new("readerType", ""), new("state", state)]), 0);
            }

            foreach (var g in byType)
            {
                w.Line("paths_readers", MetricsWriter.Labels([new("name", p.Name), new("readerType", g.Key), new("state", state)]), g.Count());
            }

            w.Line("paths_inbound_bytes", labels, inbound);
            w.Line("paths_outbound_bytes", labels, 0);
            w.Line("paths_inbound_frames_in_error", labels, p.Stream?.InboundFramesInError ?? 0);
        }

        w.Blank();
        w.Comment("Paths (deprecated)");
        foreach (var (p, state, inbound) in snapshot)
        {
            var labels = MetricsWriter.Labels([new("name", p.Name), new("state", state)]);
            w.Line("paths_bytes_received", labels, inbound);
            w.Line("paths_bytes_sent", labels, 0);
        }

        w.Blank();
    }
}
