namespace MediaBroker.Bench;

/// <summary>One churn run: readers connect, play until the first media arrives, disconnect; <see cref="Concurrency"/> in flight.</summary>
internal sealed record ChurnOptions
{
    public string Proto { get; init; } = "rtmp";

    public int Connections { get; init; } = 10_000;

    public int Concurrency { get; init; } = 50;

    /// <summary>How long after the last connection the end RSS is taken (the broker's GC and session cleanup get this long).</summary>
    public int SettleSeconds { get; init; } = 10;

    /// <summary>RSS is sampled every this many completed connections.</summary>
    public int SampleEvery { get; init; } = 1000;

    public string Publish { get; init; } = "rtmp";

    public string? BrokerCpus { get; init; } = "1";

    public string? PublisherCpus { get; init; } = "0";

    public string? BrokerDll { get; init; }

    public string Clip { get; init; } = SourceClip.DefaultPath;
}
