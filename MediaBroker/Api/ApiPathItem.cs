using System.Globalization;
using System.Text.Json.Nodes;
using MediaBroker.Core;

namespace MediaBroker.Api;

/// <summary>
/// A runtime path as MediaMTX's API shows it (<c>internal/defs/api_path.go</c>), deprecated fields included
/// (ready, readyTime, tracks, bytesReceived, bytesSent) because old dashboards still read them.
/// </summary>
public static class ApiPathItem
{
    /// <param name="cluster">With <c>cluster: yes</c>, adds <c>clusterNode</c>: the node that owns the path (MediaBroker extension).</param>
    public static JsonObject ToJson(MediaPath path, IClusterDirectory? cluster = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var stream = path.Stream;
        var readyTime = stream is null ? null : path.ReadyTime;
        var ready = stream is not null;
        var source = path.Source;
        var inbound = path.InboundBytes;
        var tracks2 = new JsonArray();
        var tracks = new JsonArray();
        if (stream is not null)
        {
            foreach (var t in stream.Tracks)
            {
                var codec = t.Codec;
                tracks2.Add(new JsonObject { ["codec"] = codec.Name, ["codecProps"] = Props(codec.Properties) });
                tracks.Add(codec.Name);
            }
        }

        var readers = new JsonArray();
        foreach (var r in path.Readers)
        {
            readers.Add(Ref(r.ApiType, r.Id));
        }

        var item = new JsonObject
        {
            ["name"] = path.Name,
            ["confName"] = path.ConfName,
            ["source"] = source is null ? null : Ref(source.ApiType, source.Id),
            ["available"] = ready,
            ["availableTime"] = Time(readyTime),
            ["online"] = ready && path.IsOnline,
            ["onlineTime"] = ready ? Time(path.OnlineTime) : null,
            ["tracks2"] = tracks2,
            ["readers"] = readers,
            ["inboundBytes"] = inbound,
            ["outboundBytes"] = 0,
            ["inboundFramesInError"] = stream?.InboundFramesInError ?? 0,
            ["ready"] = ready,
            ["readyTime"] = Time(readyTime),
            ["tracks"] = tracks,
            ["bytesReceived"] = inbound,
            ["bytesSent"] = 0,
        };
        if (cluster is { IsEnabled: true })
        {
            item["clusterNode"] = cluster.OwnerOf(path);
        }

        return item;
    }

    /// <summary>RFC 3339 in UTC, as Go's time.Time marshals.</summary>
    public static string? Time(DateTime? t) =>
        t?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    // The per-path HLS muxer is listed as {"type":"hidden","id":""}.
    private static JsonObject Ref(string type, Guid id) =>
        new() { ["type"] = type, ["id"] = type == "hidden" ? "" : id.ToString() };

    private static JsonObject? Props(IReadOnlyDictionary<string, object>? props)
    {
        if (props is null)
        {
            return null;
        }

        var o = new JsonObject();
        foreach (var (k, v) in props)
        {
            o[k] = ApiResults.ToNode(v);
        }

        return o;
    }
}
