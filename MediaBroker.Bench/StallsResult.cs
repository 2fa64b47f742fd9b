namespace MediaBroker.Bench;

/// <summary>The numbers and verdicts of one stalls run; <see cref="Failures"/> is empty when every kind passed.</summary>
internal sealed record StallsResult
{
    public required int HealthyReadersPerPath { get; init; }

    public required double BoundMs { get; init; }

    /// <summary>/proc/loadavg's 1-minute figure at the start and at the end.</summary>
    public required double LoadAverageStart { get; init; }

    public required double LoadAverageEnd { get; init; }

    public required IReadOnlyList<StallKindResult> Kinds { get; init; }

    public required IReadOnlyList<string> Failures { get; init; }
}

/// <summary>
/// One stall kind: what proved the stall, the broker's view of the stalled reader, and per phase the p50/p99 of the
/// healthy readers' publish→read latency and of the publisher's send delay, on the stalled path and the control path.
/// </summary>
internal sealed record StallKindResult
{
    public required string Kind { get; init; }

    public string? Error { get; init; }

    /// <summary>This side's evidence at the end of the stall (<see cref="IStalledReader.Proof"/>), or null.</summary>
    public string? Proof { get; init; }

    /// <summary>The stalled reader's entries in the path's readers list (API), when it had started.</summary>
    public required int BrokerListed { get; init; }

    /// <summary>Of those, still listed at the end of the stall (a vanished reader the broker has not dropped yet).</summary>
    public required int StillListedAtEnd { get; init; }

    /// <summary>Seconds from the start of the stall until the broker listed none of them; null if it still did at the end.</summary>
    public double? GoneAfterSeconds { get; init; }

    public required StallPhase ReadBefore { get; init; }

    public required StallPhase ReadDuring { get; init; }

    public required StallPhase ReadControl { get; init; }

    public required StallPhase SendBefore { get; init; }

    public required StallPhase SendDuring { get; init; }

    public required StallPhase SendControl { get; init; }

    public required IReadOnlyList<string> Failures { get; init; }
}

/// <summary>Samples of one phase (ms).</summary>
internal sealed record StallPhase(int Samples, double P50Ms, double P99Ms)
{
    public static StallPhase Of(IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return new StallPhase(sorted.Length, Math.Round(LatencyReport.Percentile(sorted, 0.5), 2), Math.Round(LatencyReport.Percentile(sorted, 0.99), 2));
    }
}
