using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaBroker.Core;

namespace MediaBroker.Cluster;

/// <summary>A node's heartbeat value in Redis: its status as JSON (docs/cluster.md shows the fields).</summary>
internal static class ClusterNodeJson
{
    public static string Write(ClusterNodeStatus s) => new JsonObject
    {
        ["name"] = s.Name,
        ["advertise"] = new JsonArray([.. s.Advertise.Select(a => (JsonNode?)a)]),
        ["paths"] = s.Paths,
        ["readers"] = s.Readers,
        ["bytesReceivedPerSecond"] = s.BytesReceivedPerSecond,
        ["cpuPercent"] = s.CpuPercent,
        ["updated"] = s.Updated.ToString("O", CultureInfo.InvariantCulture),
        ["endpoints"] = new JsonObject([.. s.Endpoints.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))]),
        ["pulls"] = new JsonArray([.. s.Pulls.Select(p => (JsonNode?)p)]),
    }.ToJsonString();

    public static ClusterNodeStatus? Parse(string json)
    {
        try
        {
            if (JsonNode.Parse(json) is not JsonObject o || o["name"]?.GetValue<string>() is not { } name)
            {
                return null;
            }

            var advertise = o["advertise"] is JsonArray a ? a.Select(x => x?.GetValue<string>() ?? "").Where(x => x.Length != 0).ToList() : [];
            var endpoints = o["endpoints"] is JsonObject e
                ? e.Where(kv => kv.Value is JsonValue).ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>(), StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
            var pulls = o["pulls"] is JsonArray p ? p.Select(x => x?.GetValue<string>() ?? "").Where(x => x.Length != 0).ToList() : [];
            return new ClusterNodeStatus(name, advertise, o["paths"]?.GetValue<int>() ?? 0, o["readers"]?.GetValue<int>() ?? 0,
                o["bytesReceivedPerSecond"]?.GetValue<long>() ?? 0, o["cpuPercent"]?.GetValue<double>() ?? 0,
                DateTime.TryParse(o["updated"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) ? t : default,
                endpoints, pulls);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // Another version's or a hand-written value: that node is not listed rather than breaking the list.
            return null;
        }
    }
}
