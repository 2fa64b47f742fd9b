using Microsoft.AspNetCore.Http;

namespace MediaBroker.Metrics;

/// <summary>
/// The filters of a scrape: <c>type=</c> (one section) and the per-item ones (<c>path=</c>, <c>rtsp_session=</c>...).
/// As in MediaMTX, any per-item filter hides the sections that have no filter of their own.
/// </summary>
public sealed class MetricsQuery
{
    /// <summary>The per-item filter keys MediaMTX knows.</summary>
    public static IReadOnlyList<string> FilterKeys { get; } =
    [
        "path", "forward_dest", "hls_muxer", "hls_session", "rtsp_conn", "rtsp_session", "rtsps_conn", "rtsps_session",
        "rtmp_conn", "rtmps_conn", "srt_conn", "webrtc_session", "moq_session",
    ];

    private readonly Dictionary<string, string> _filters;

    public MetricsQuery(string type = "", IReadOnlyDictionary<string, string>? filters = null)
    {
        Type = type;
        _filters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in filters ?? new Dictionary<string, string>())
        {
            if (v.Length > 0)
            {
                _filters[k] = v;
            }
        }

        AnyFilter = _filters.Count > 0;
    }

    /// <summary>The <c>type</c> parameter, or "" for every section.</summary>
    public string Type { get; }

    public bool AnyFilter { get; }

    /// <summary>The value of one per-item filter, or "".</summary>
    public string Filter(string key) => _filters.GetValueOrDefault(key, "");

    public static MetricsQuery From(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in FilterKeys)
        {
            filters[key] = query[key].ToString();
        }

        return new MetricsQuery(query["type"].ToString(), filters);
    }
}
