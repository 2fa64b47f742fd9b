namespace MediaBroker.Bench;

/// <summary>
/// One sampled series and its flatness: the least-squares slope over the samples after warm-up, projected over that
/// window (growth), must stay within <see cref="Bound"/> = max(an absolute floor, a share of the window's mean).
/// </summary>
internal sealed record SoakSeries
{
    public required string Name { get; init; }

    public required double Start { get; init; }

    /// <summary>The first sample after warm-up.</summary>
    public required double Warm { get; init; }

    public required double End { get; init; }

    public required double Max { get; init; }

    public required double SlopePerMinute { get; init; }

    public required double GrowthOverWindow { get; init; }

    public required double Bound { get; init; }

    public bool Flat => GrowthOverWindow <= Bound;

    /// <summary>Floors and shares: RSS and GC heap may breathe a few MiB; fds, sockets and paths follow the churn.</summary>
    private static (double Floor, double Share) Limits(string name) => name switch
    {
        "rssMib" => (24, 0.10),
        "gcHeapMib" => (16, 0.15),
        "fds" => (24, 0.10),
        "sockets" => (24, 0.10),
        "threads" => (8, 0.15),
        "paths" => (4, 0.20),
        _ => throw new ArgumentException(name),
    };

    public static SoakSeries Of(string name, IReadOnlyList<SoakSample> samples, double warmupSeconds)
    {
        var window = samples.Where(s => s.Seconds >= warmupSeconds).ToList();
        if (window.Count < 3)
        {
            throw new InvalidOperationException($"only {window.Count} samples after warm-up");
        }

        var xs = window.Select(s => s.Seconds / 60).ToArray();
        var ys = window.Select(s => s.Series(name)).ToArray();
        var mx = xs.Average();
        var my = ys.Average();
        var sxx = xs.Sum(x => (x - mx) * (x - mx));
        var slope = sxx == 0 ? 0 : xs.Zip(ys).Sum(p => (p.First - mx) * (p.Second - my)) / sxx;
        var (floor, share) = Limits(name);
        return new SoakSeries
        {
            Name = name,
            Start = samples[0].Series(name),
            Warm = ys[0],
            End = ys[^1],
            Max = samples.Max(s => s.Series(name)),
            SlopePerMinute = Math.Round(slope, 3),
            GrowthOverWindow = Math.Round(slope * (xs[^1] - xs[0]), 2),
            Bound = Math.Round(Math.Max(floor, share * my), 2),
        };
    }
}
