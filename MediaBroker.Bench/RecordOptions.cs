namespace MediaBroker.Bench;

/// <summary>One record run: N looped RTMP publishers (live/bench0..N-1), a window with recording off, then one with it on.</summary>
internal sealed record RecordOptions
{
    public int Count { get; init; } = 10;

    /// <summary>Length of each of the two windows (recording off, recording on).</summary>
    public int Seconds { get; init; } = 60;

    /// <summary>recordSegmentDuration, e.g. "2s": short segments compress hours of segment turnover into minutes.</summary>
    public string Segment { get; init; } = "2s";

    /// <summary>recordPartDuration.</summary>
    public string Part { get; init; } = "1s";

    /// <summary>recordFormat: fmp4 or mpegts.</summary>
    public string Format { get; init; } = "fmp4";

    /// <summary>How often RSS is sampled during the recording window.</summary>
    public int RssEverySeconds { get; init; } = 3;

    public string? BrokerCpus { get; init; } = "1";

    public string? PublisherCpus { get; init; } = "0";

    public string? BrokerDll { get; init; }

    public string Clip { get; init; } = SourceClip.DefaultPath;
}
