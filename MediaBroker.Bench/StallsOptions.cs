namespace MediaBroker.Bench;

/// <summary>One stalls run: healthy readers of two paths, then one stalled reader of each kind in turn on the first path.</summary>
internal sealed record StallsOptions
{
    public IReadOnlyList<string> Kinds { get; init; } = StalledReaders.Kinds.Split(',');

    /// <summary>How long each stalled reader misbehaves (the "during" phase).</summary>
    public double Seconds { get; init; } = 30;

    /// <summary>The quiet phase measured before each stall.</summary>
    public double BeforeSeconds { get; init; } = 30;

    /// <summary>Healthy readers per path, RTMP and RTSP/TCP alternately.</summary>
    public int Readers { get; init; } = 4;

    /// <summary>A phase passes when its p99 exceeds the larger of its baselines (before, control path) by at most this.</summary>
    public double BoundMs { get; init; } = 100;

    /// <summary>How long after its stall began a stalled reader may still be listed by the broker (RTSP/UDP: 60 s session timeout).</summary>
    public double GoneTimeoutSeconds { get; init; } = 90;

    public string? BrokerCpus { get; init; }

    public string? BrokerDll { get; init; }

    public string Clip { get; init; } = SourceClip.DefaultPath;
}
