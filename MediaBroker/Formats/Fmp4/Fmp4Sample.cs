namespace MediaBroker.Formats.Fmp4;

/// <summary>How a sample's payload slices become mdat bytes.</summary>
public enum Fmp4SampleFraming
{
    /// <summary>Payloads are copied as they are (audio frames, VP9/MJPEG/MPEG frames, PCM).</summary>
    Raw,

    /// <summary>H.264 NAL units, each behind a 4-byte length (ISO/IEC 14496-15 §5.3.2); AUDs are dropped.</summary>
    Avc,

    /// <summary>H.265 NAL units, each behind a 4-byte length; AUDs and VPS/SPS/PPS are dropped (hvc1 keeps them in hvcC).</summary>
    Hevc,

    /// <summary>AV1 OBUs rewritten in low-overhead form with sizes, temporal delimiters dropped (AV1-ISOBMFF §2.4).</summary>
    Av1,
}

/// <summary>
/// One sample ready for a fragment: times in the track's fMP4 timescale, the mdat size already computed, and the
/// unit's payload slices (not copied). Durations are assigned by <see cref="Fmp4FragmentWriter"/> from the next DTS.
/// </summary>
public readonly record struct Fmp4Sample(long Dts, int CompositionOffset, bool IsSync, int Size, ReadOnlyMemory<byte>[] Payloads, Fmp4SampleFraming Framing)
{
    public long Pts => Dts + CompositionOffset;
}
