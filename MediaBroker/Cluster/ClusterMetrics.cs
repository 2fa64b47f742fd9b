using MediaBroker.Core;
using MediaBroker.Metrics;

namespace MediaBroker.Cluster;

/// <summary>
/// The cluster section (MediaBroker extension): one series set per live node as its last heartbeat said, so any
/// node's /metrics shows the whole cluster; printed only while <c>cluster: yes</c>.
/// </summary>
internal static class ClusterMetrics
{
    public const int Order = 140;

    public static IMetricsProvider Create(ClusterNode node)
    {
        var section = new MetricsSection<ClusterNodeStatus>
        {
            Type = "cluster_nodes",
            Title = "cluster nodes",
            FilterKey = "cluster_node",
            FilterValue = n => n.Name,
            Labels = n => [new("name", n.Name), new("local", n.Name == node.NodeName ? "true" : "false")],
            Series =
            [
                new("cluster_nodes", _ => 1),
                new("cluster_node_paths", n => n.Paths),
                new("cluster_node_readers", n => n.Readers),
                new("cluster_node_inbound_bytes_per_second", n => n.BytesReceivedPerSecond),
                new("cluster_node_cpu_percent", n => n.CpuPercent, IsFloat: true),
            ],
        };
        return MetricsProvider.Create(Order, section, () => node.Nodes, () => node.IsEnabled);
    }
}
