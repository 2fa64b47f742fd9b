namespace MediaBroker.Conf;

internal static partial class ConfValidator
{
    /// <summary>The cluster keys are checked only when the cluster is on: a MediaMTX file never names them.</summary>
    private static void ValidateCluster(BrokerConf c, ConfBindContext ctx)
    {
        if (!c.Cluster)
        {
            return;
        }

        if (ClusterRedisUrl.TryParse(c.ClusterRedis, out var error) is null)
        {
            ctx.Error("clusterRedis", error!);
        }

        if (c.ClusterNodeName.Length != 0 && (c.ClusterNodeName.Length > 64 || !c.ClusterNodeName.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.')))
        {
            ctx.Error("clusterNodeName", $"'{c.ClusterNodeName}' must be 1-64 letters, digits, '-', '_' or '.'");
        }

        if (c.ClusterRedirectReaders < 0)
        {
            ctx.Error("clusterRedirectReaders", "must be 0 (off) or a number of readers");
        }

        foreach (var a in c.ClusterAdvertise)
        {
            if (ClusterAdvertiseAddress.TryParse(a) is null)
            {
                ctx.Error("clusterAdvertise", $"'{a}' is not host[:port]");
            }
        }
    }
}
