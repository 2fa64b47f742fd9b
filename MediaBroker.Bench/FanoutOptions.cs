namespace MediaBroker.Bench;

/// <summary>One fan-out run: one published stream, N readers of one protocol.</summary>
internal sealed record FanoutOptions
{
    public string Proto { get; init; } = "rtmp";

    public int Readers { get; init; } = 10;

    public int Seconds { get; init; } = 15;

    public int WarmupSeconds { get; init; } = 5;

    /// <summary>Readers started per second while ramping up.</summary>
    public int RampPerSecond { get; init; } = 200;

    /// <summary>The protocol the ffmpeg publisher uses: rtmp or rtsp.</summary>
    public string Publish { get; init; } = "rtmp";

    /// <summary>taskset CPU list for the broker, or null for no pinning.</summary>
    public string? BrokerCpus { get; init; } = "1";

    /// <summary>taskset CPU list for the ffmpeg publisher.</summary>
    public string? PublisherCpus { get; init; } = "0";

    public string? BrokerDll { get; init; }

    /// <summary>The paths' <c>readerBatchDuration</c> (<c>350ms</c>, <c>auto</c>), or null for the default (<c>0s</c>).</summary>
    public string? ReaderBatch { get; init; }

    /// <summary>A server the tool does not start (<c>--server-pid</c>), or null to start the broker.</summary>
    public ExternalServer? Server { get; init; }

    public string Clip { get; init; } = SourceClip.DefaultPath;
}
