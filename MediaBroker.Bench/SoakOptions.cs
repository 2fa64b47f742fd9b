namespace MediaBroker.Bench;

/// <summary>One soak run: publishers and readers of every protocol coming and going, reloads, injected faults, sampled.</summary>
internal sealed record SoakOptions
{
    public double Minutes { get; init; } = 60;

    /// <summary>Half are stable (published for the whole run, SEI-stamped); half churn (publishers come, go, get killed).</summary>
    public int Paths { get; init; } = 20;

    /// <summary>Half stay for the whole run (the ones checked for gaps and latency); half come and go.</summary>
    public int Readers { get; init; } = 50;

    /// <summary>Every this often the config file is rewritten or the API changes the config (alternately).</summary>
    public double ReloadEverySeconds { get; init; } = 5;

    public double SampleEverySeconds { get; init; } = 5;

    /// <summary>A stall (one stalled reader per kind in <see cref="StalledReaders.Kinds"/>) starts this often after warm-up.</summary>
    public double StallEverySeconds { get; init; } = 300;

    public double StallSeconds { get; init; } = 30;

    /// <summary>The share of the run before the flatness, gap and latency windows open (JIT, pools, heap growth).</summary>
    public double WarmupFraction { get; init; } = 1.0 / 3;

    public string? BrokerCpus { get; init; }

    public string? BrokerDll { get; init; }

    public string Clip { get; init; } = SourceClip.DefaultPath;
}
