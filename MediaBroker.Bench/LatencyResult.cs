namespace MediaBroker.Bench;

/// <summary>The numbers of one latency measurement (one reader count), as printed in the markdown table and the JSON report.</summary>
internal sealed record LatencyResult
{
    public required string Pair { get; init; }

    public required int Readers { get; init; }

    public required double WindowSeconds { get; init; }

    /// <summary>Frames the tool publisher sent in the window.</summary>
    public required long FramesSent { get; init; }

    /// <summary>Latency samples over all readers (one per frame per reader).</summary>
    public required int Samples { get; init; }

    public required double P50Ms { get; init; }

    public required double P90Ms { get; init; }

    public required double P99Ms { get; init; }

    public required double MaxMs { get; init; }

    /// <summary>p99 over key frames only (~27 KB, 1 in 60) and over the other frames (~8 KB).</summary>
    public required double P99KeyFramesMs { get; init; }

    public required double P99OtherFramesMs { get; init; }

    /// <summary>Per frame seen by at least half the readers: latest − earliest reader (null with one reader).</summary>
    public double? SpreadP50Ms { get; init; }

    public double? SpreadP99Ms { get; init; }

    /// <summary>
    /// UDP readers only: kernel receive time (SIOCGSTAMP) − send time, i.e. the latency without the tool's own
    /// scheduling after the datagram reached its socket. Null for TCP readers.
    /// </summary>
    public double? KernelP50Ms { get; init; }

    public double? KernelP99Ms { get; init; }

    public required double BrokerCores { get; init; }

    /// <summary>Broker CPU (utime+stime) per delivered frame, in microseconds: robust to other load on the machine.</summary>
    public required double BrokerUsPerDeliveredFrame { get; init; }

    public required double ToolCores { get; init; }

    /// <summary>Longest time the publisher took from stamping a frame to handing its last byte to the socket.</summary>
    public required double PublisherMaxWriteMs { get; init; }

    /// <summary>Readers that failed or collected no sample in the window.</summary>
    public required int ReadersWithoutSamples { get; init; }

    public string? FirstError { get; init; }
}
