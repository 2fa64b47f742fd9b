namespace MediaBroker.Bench;

/// <summary>The numbers of one cluster run, as printed in the markdown table and the JSON report.</summary>
internal sealed record ClusterResult
{
    public required string Proto { get; init; }

    public required int Readers { get; init; }

    public required double SteadySeconds { get; init; }

    public required double SourceKbps { get; init; }

    /// <summary>/proc/loadavg's one-minute figure when the run started and when the cluster's window ended.</summary>
    public required double LoadAverageStart { get; init; }

    public required double LoadAverageEnd { get; init; }

    /// <summary>The owner (the publisher's node) first, then the edges.</summary>
    public required IReadOnlyList<ClusterNodeResult> Nodes { get; init; }

    /// <summary>The same readers on one broker without a cluster, or null when not run.</summary>
    public FanoutResult? SingleNode { get; init; }
}

/// <summary>One node over the cluster run's window.</summary>
internal sealed record ClusterNodeResult
{
    public required string Name { get; init; }

    /// <summary>"owner" (has the publisher) or "edge" (pulls the path from the owner).</summary>
    public required string Role { get; init; }

    public required int Readers { get; init; }

    /// <summary>Node CPU over the window, in cores.</summary>
    public required double Cores { get; init; }

    /// <summary>Node CPU before the readers came (owner: the publisher and the edges' pulls; edge: its pull), in cores.</summary>
    public required double IdleCores { get; init; }

    public required double CpuMsPerSecPerReader { get; init; }

    public required double MarginalCpuMsPerSecPerReader { get; init; }

    public required double RssMib { get; init; }

    /// <summary>What the node's path received over the window (owner: from the publisher; edge: its pull from the owner).</summary>
    public required double InboundKbps { get; init; }

    /// <summary><see cref="InboundKbps"/> over the owner's: about 1 when each edge pulls one copy of the stream.</summary>
    public required double InboundPerStream { get; init; }

    /// <summary>The path's source as the node's API says (e.g. rtmpConn on the owner, rtspSource on an edge).</summary>
    public required string Source { get; init; }

    /// <summary>Owner: the other nodes' pulls among its path's readers (null when the run's own readers are RTSP too); edge: null.</summary>
    public int? PullsServed { get; init; }

    public required double MeanReaderKbps { get; init; }

    public required double MinReaderKbps { get; init; }

    /// <summary>Readers that received nothing at all during the run.</summary>
    public required int WithoutMedia { get; init; }

    public required int Stalled { get; init; }

    public required int Failed { get; init; }

    public string? FirstError { get; init; }
}
