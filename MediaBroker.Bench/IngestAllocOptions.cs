namespace MediaBroker.Bench;

/// <summary>The ingest allocations scenario: per protocol, the tool's own publisher and one reader of that protocol.</summary>
internal sealed record IngestAllocOptions
{
    /// <summary>Publisher and reader protocols, measured one after the other against the same broker (rtmp, rtsp).</summary>
    public IReadOnlyList<string> Protos { get; init; } = ["rtmp", "rtsp"];

    /// <summary>The measured window, also the length of the idle broker's window.</summary>
    public int Seconds { get; init; } = 10;

    public int WarmupSeconds { get; init; } = 5;

    public string? BrokerCpus { get; init; } = "1";

    public string? BrokerDll { get; init; }

    /// <summary>
    /// When set, pprof is turned on and, after each protocol's window, the broker's allocation samples are saved to
    /// <c>&lt;prefix&gt;-&lt;proto&gt;.nettrace</c> (<c>/debug/pprof/allocs</c>: the runtime's GC AllocationTick events, one
    /// per ~100 KB with the type): where the bytes come from. Taken after the window, so the tracing's own
    /// allocations are not counted.
    /// </summary>
    public string? AllocsTrace { get; init; }

    public string Clip { get; init; } = SourceClip.DefaultPath;
}
