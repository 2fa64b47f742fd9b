namespace MediaBroker.Bench;

/// <summary>
/// One publishers run: N streams live/bench0..N-1, each published by its own looped ffmpeg over RTMP, one reader each;
/// N = 1 is the base cost of one stream with one reader.
/// </summary>
internal sealed record PublishersOptions
{
    public int Count { get; init; } = 10;

    /// <summary>The readers' protocol.</summary>
    public string Proto { get; init; } = "rtmp";

    public int Seconds { get; init; } = 10;

    public int WarmupSeconds { get; init; } = 5;

    public string? BrokerCpus { get; init; } = "1";

    public string? PublisherCpus { get; init; } = "0";

    public string? BrokerDll { get; init; }

    /// <summary>A server the tool does not start (<c>--server-pid</c>, RTMP readers only), or null to start the broker.</summary>
    public ExternalServer? Server { get; init; }

    public string Clip { get; init; } = SourceClip.DefaultPath;
}
