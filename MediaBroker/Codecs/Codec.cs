namespace MediaBroker.Codecs;

/// <summary>
/// Immutable description of one track's codec and its parameters (SPS/PPS, AudioSpecificConfig...).
/// A parameter change in-band produces a new instance; the track swaps it atomically.
/// </summary>
public abstract record Codec
{
    /// <summary>The label MediaMTX's API uses ("H264", "MPEG-4 Audio", ...).</summary>
    public abstract string Name { get; }

    public abstract MediaKind Kind { get; }

    /// <summary>Clock rate of the track's timestamps (90 kHz for video, the sample rate for most audio).</summary>
    public abstract int ClockRate { get; }

    /// <summary>Properties shown by the API as <c>codecProps</c>; null when MediaMTX shows none.</summary>
    public virtual IReadOnlyDictionary<string, object>? Properties => null;
}
