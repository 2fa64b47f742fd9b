namespace MediaBroker.Bench;

/// <summary>The numbers of one fan-out run, as printed in the markdown table and the JSON report.</summary>
internal sealed record FanoutResult
{
    public required string Proto { get; init; }

    public required int Readers { get; init; }

    public required double SteadySeconds { get; init; }

    /// <summary>Broker CPU over the steady window, in cores (1.0 = one core busy).</summary>
    public required double BrokerCores { get; init; }

    /// <summary>Broker CPU with the publisher and no reader, in cores: what the readers' share is measured against.</summary>
    public required double IdleBrokerCores { get; init; }

    /// <summary>Total broker CPU divided by readers, in ms of CPU per second per reader (how the peer figures are computed).</summary>
    public required double CpuMsPerSecPerReader { get; init; }

    /// <summary>The same with the idle (publisher-only) CPU taken out first.</summary>
    public required double MarginalCpuMsPerSecPerReader { get; init; }

    public required double RssMib { get; init; }

    public required double IdleRssMib { get; init; }

    public required double RssKibPerReader { get; init; }

    public required int Stalled { get; init; }

    public required int Failed { get; init; }

    public required double SourceKbps { get; init; }

    public required double MeanReaderKbps { get; init; }

    public required double MinReaderKbps { get; init; }

    /// <summary>Video messages (RTMP), RTP packets (RTSP) or parts/segments (HLS) per second per reader.</summary>
    public required double MessagesPerSecPerReader { get; init; }

    /// <summary>HTTP requests per second per reader (HLS; 0 for the other protocols).</summary>
    public double RequestsPerSecPerReader { get; init; }

    public required double ToolCores { get; init; }

    /// <summary>Frames (RTSP: RTP packets) the broker discarded for the readers of this run, summed from its API lists; null for an external server.</summary>
    public long? BrokerDrops { get; init; }

    /// <summary>Readers the broker no longer listed at the end of the window (it closed them); null for HLS (no reader sessions) and external servers.</summary>
    public int? BrokerClosed { get; init; }

    public string? FirstError { get; init; }
}
