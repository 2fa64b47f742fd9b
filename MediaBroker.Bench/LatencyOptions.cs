namespace MediaBroker.Bench;

/// <summary>One latency run: a tool publisher on one protocol, N readers on another, for each reader count in turn.</summary>
internal sealed record LatencyOptions
{
    /// <summary>publish-read, e.g. rtsp-rtsp, rtmp-rtmp, rtsp-webrtc, rtmp-rtsp.</summary>
    public string Pair { get; init; } = "rtsp-rtsp";

    /// <summary>Reader counts, measured one after the other against the same broker and publisher.</summary>
    public IReadOnlyList<int> Readers { get; init; } = [1, 100];

    public int Seconds { get; init; } = 10;

    public int WarmupSeconds { get; init; } = 3;

    public int RampPerSecond { get; init; } = 50;

    public string? BrokerCpus { get; init; } = "1";

    public string? BrokerDll { get; init; }

    /// <summary>The paths' <c>readerBatchDuration</c> (<c>350ms</c>, <c>auto</c>), or null for the default (<c>0s</c>).</summary>
    public string? ReaderBatch { get; init; }

    /// <summary>A server the tool does not start (<c>--server-pid</c>), or null to start the broker.</summary>
    public ExternalServer? Server { get; init; }

    public string Clip { get; init; } = SourceClip.DefaultPath;

    public string PublishProto => Pair.Split('-')[0];

    public string ReadProto => Pair.Split('-')[^1];
}
