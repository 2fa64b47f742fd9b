using System.Text.Json.Nodes;
using MediaBroker.Core;

namespace MediaBroker.Api;

/// <summary>An item of <c>/v3/cluster/nodes</c>: a live node of the cluster and its load at its last heartbeat.</summary>
public static class ApiClusterNode
{
    public static JsonObject ToJson(ClusterNodeStatus node, string self)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new JsonObject
        {
            ["name"] = node.Name,
            ["local"] = node.Name == self,
            ["advertise"] = new JsonArray([.. node.Advertise.Select(a => (JsonNode?)a)]),
            ["paths"] = node.Paths,
            ["readers"] = node.Readers,
            ["inboundBytesPerSecond"] = node.BytesReceivedPerSecond,
            ["cpuPercent"] = node.CpuPercent,
            ["updated"] = ApiPathItem.Time(node.Updated),
        };
    }

    /// <summary>The item's shape, for the OpenAPI document.</summary>
    public sealed record Item(string Name, bool Local, IReadOnlyList<string> Advertise, int Paths, int Readers, long InboundBytesPerSecond,
        double CpuPercent, string Updated);
}
