namespace MediaBroker.Bench;

/// <summary>The numbers and verdicts of one soak run; <see cref="Failures"/> is empty when every check held.</summary>
internal sealed record SoakResult
{
    public required double Minutes { get; init; }

    public required double WarmupMinutes { get; init; }

    public required int Paths { get; init; }

    public required int Readers { get; init; }

    public required IReadOnlyList<SoakSeries> Series { get; init; }

    public required IReadOnlyList<SoakSample> Samples { get; init; }

    /// <summary>What the actors did: sessions per kind, kills, reloads, API changes, stalls, and failures.</summary>
    public required SortedDictionary<string, int> Events { get; init; }

    /// <summary>Broker lines at error level or containing "Unhandled" (an exception escaped a session or the process).</summary>
    public required int BrokerErrorLines { get; init; }

    public required IReadOnlyList<string> FirstBrokerErrors { get; init; }

    /// <summary>Per stable reader (kind/path): the largest gap between media after warm-up, in seconds.</summary>
    public required IReadOnlyList<SoakReaderGap> StableReaders { get; init; }

    public required double MaxGapLimitSeconds { get; init; }

    public required int Stalls { get; init; }

    /// <summary>
    /// Latency of the stalled path's healthy readers for frames sent in the 30 s before each stall and during the stalls,
    /// and of the other stable paths' readers during the stalls (the control group, same machine, same moments).
    /// </summary>
    public required int LatencySamplesBefore { get; init; }

    public required int LatencySamplesDuring { get; init; }

    public required double LatencyP50BeforeMs { get; init; }

    public required double LatencyP99BeforeMs { get; init; }

    public required double LatencyP50DuringMs { get; init; }

    public required double LatencyP99DuringMs { get; init; }

    public required int ControlSamplesDuring { get; init; }

    public required double ControlP50DuringMs { get; init; }

    public required double ControlP99DuringMs { get; init; }

    public required IReadOnlyList<string> FailureReasons { get; init; }

    public required IReadOnlyList<string> Failures { get; init; }
}

/// <summary>One stable reader (kind and path): its largest gap between media after warm-up and how it ended.</summary>
internal sealed record SoakReaderGap(string Reader, double MaxGapSeconds, string? Error);
