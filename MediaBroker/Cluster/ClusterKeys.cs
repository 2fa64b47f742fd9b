namespace MediaBroker.Cluster;

/// <summary>The Redis key names of the directory (docs/cluster.md lists them).</summary>
internal static class ClusterKeys
{
    private const string Prefix = "mediabroker:";

    public const string NodeIndex = Prefix + "nodes";

    public const string Secret = Prefix + "secret";

    public static string Path(string name) => Prefix + "path:" + name;

    public static string Node(string name) => Prefix + "node:" + name;
}
