namespace MediaBroker.Bench;

/// <summary>
/// One cluster run: a redis-server and <see cref="Nodes"/> brokers joined through it, one publisher on the first node
/// (the owner), readers spread over every node, then the same readers on one broker alone for comparison.
/// </summary>
internal sealed record ClusterOptions
{
    public int Nodes { get; init; } = 3;

    /// <summary>Readers in all; reader i reads from node i mod <see cref="Nodes"/>.</summary>
    public int Readers { get; init; } = 300;

    /// <summary>The readers' protocol (a <see cref="ReaderKinds"/> name; "a,b" alternates on each node).</summary>
    public string Proto { get; init; } = "rtmp";

    public int Seconds { get; init; } = 15;

    public int WarmupSeconds { get; init; } = 5;

    public int RampPerSecond { get; init; } = 200;

    /// <summary>taskset CPU list for every node (and the single broker), or null for no pinning.</summary>
    public string? BrokerCpus { get; init; }

    public string? PublisherCpus { get; init; }

    public string? BrokerDll { get; init; }

    public string RedisServer { get; init; } = "/usr/bin/redis-server";

    /// <summary>Also run the same readers on one broker without a cluster, after the cluster run.</summary>
    public bool CompareSingleNode { get; init; } = true;

    public string Clip { get; init; } = SourceClip.DefaultPath;
}
