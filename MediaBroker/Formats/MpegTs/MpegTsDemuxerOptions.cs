namespace MediaBroker.Formats.MpegTs;

/// <summary>How long the demuxer waits for every stream's parameters before announcing what it has.</summary>
public sealed record MpegTsDemuxerOptions
{
    /// <summary>Stream time (from PTS) after the first ready stream's first unit; then the ready tracks are announced.</summary>
    public TimeSpan AnnounceTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Units held while waiting; past this the ready tracks are announced at once.</summary>
    public int MaxPendingUnits { get; init; } = 2048;

    /// <summary>Bytes of units held while waiting; past this the ready tracks are announced at once.</summary>
    public long MaxPendingBytes { get; init; } = 64 << 20;
}
