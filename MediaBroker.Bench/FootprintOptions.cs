namespace MediaBroker.Bench;

/// <summary>The footprint scenario: resident memory idle, with one stream and one reader, and per extra reader.</summary>
internal sealed record FootprintOptions
{
    /// <summary>Reader protocols measured one after the other, each against a fresh broker.</summary>
    public IReadOnlyList<string> Protos { get; init; } = ["rtmp", "rtsp", "srt"];

    /// <summary>Readers added per protocol for the per-reader figure.</summary>
    public int Readers { get; init; } = 100;

    /// <summary>How long each phase runs before its figures are taken (median of the samples in its second half).</summary>
    public int SettleSeconds { get; init; } = 10;

    public int RampPerSecond { get; init; } = 50;

    /// <summary>
    /// Readers added on top of <see cref="Readers"/> on the same broker for a second, marginal figure (0: none). The
    /// first figure divides everything the broker grew by since the probe reader (pools, heap headroom) by N; the
    /// marginal one is what one more reader costs once those exist.
    /// </summary>
    public int MoreReaders { get; init; }

    /// <summary>The SRT readers' flow window in packets (SRTO_FC; 0: libsrt's default, as ffmpeg's).</summary>
    public int SrtWindow { get; init; }

    public string? BrokerCpus { get; init; } = "1";

    public string? PublisherCpus { get; init; } = "0";

    public string? BrokerDll { get; init; }

    /// <summary>
    /// Also turns the broker's pprof server on and reads its GC figures after each phase. Off by default: that server
    /// is one more HTTP host, so its own memory is in every figure of such a run.
    /// </summary>
    public bool GcHeap { get; init; }

    public string Clip { get; init; } = SourceClip.DefaultPath;
}
