namespace MediaBroker.Metrics;

/// <summary>
/// A MediaMTX metrics section for one kind of item (rtmp_conns, webrtc_sessions...): the <c># Title</c> comment,
/// the labels of an item, its series, and the deprecated twin section. A protocol declares one and registers it
/// with <see cref="MetricsProvider.Create{T}"/>.
/// </summary>
public sealed class MetricsSection<T>
{
    /// <summary>The <c>type=</c> value that selects this section ("rtmp_conns").</summary>
    public required string Type { get; init; }

    /// <summary>The comment line ("RTMP connections").</summary>
    public required string Title { get; init; }

    /// <summary>The per-item filter parameter ("rtmp_conn") and the item value it is compared with (its id).</summary>
    public required string FilterKey { get; init; }

    public required Func<T, string> FilterValue { get; init; }

    /// <summary>Label names and values; they are printed sorted by name.</summary>
    public required Func<T, IReadOnlyList<KeyValuePair<string, string>>> Labels { get; init; }

    public required IReadOnlyList<MetricSeries<T>> Series { get; init; }

    public IReadOnlyList<MetricSeries<T>> Deprecated { get; init; } = [];

    /// <summary>Writes the section as MediaMTX does: items, or bare zero series when there are none and no filter targets it.</summary>
    public void Write(MetricsWriter w, IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(items);
        var q = w.Query;
        var filter = q.Filter(FilterKey);
        if ((q.Type.Length != 0 && q.Type != Type) || (q.AnyFilter && filter.Length == 0))
        {
            return;
        }

        if (items.Count > 0)
        {
            WriteItems(w, Title, Series, items, filter);
            if (Deprecated.Count > 0)
            {
                WriteItems(w, Title + " (deprecated)", Deprecated, items, filter);
            }
        }
        else if (filter.Length == 0)
        {
            WriteBare(w, Title, Series);
            if (Deprecated.Count > 0)
            {
                WriteBare(w, Title + " (deprecated)", Deprecated);
            }
        }
    }

    private void WriteItems(MetricsWriter w, string title, IReadOnlyList<MetricSeries<T>> series, IReadOnlyList<T> items, string filter)
    {
        w.Comment(title);
        foreach (var item in items)
        {
            if (filter.Length != 0 && filter != FilterValue(item))
            {
                continue;
            }

            var labels = MetricsWriter.Labels(Labels(item));
            foreach (var s in series)
            {
                w.Line(s.Name, labels, s.Value(item), s.IsFloat);
            }
        }

        w.Blank();
    }

    private static void WriteBare(MetricsWriter w, string title, IReadOnlyList<MetricSeries<T>> series)
    {
        w.Comment(title);
        foreach (var s in series)
        {
            w.Line(s.Name, "", 0, s.IsFloat);
        }

        w.Blank();
    }
}
