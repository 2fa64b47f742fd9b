namespace MediaBroker.Streams.Segments;

/// <summary>
/// Receives what a <see cref="UnitSegmenter"/> cuts, on the segmenter's thread, in order: SegmentStarted, PartWritten*,
/// SegmentEnded, SegmentStarted... The bytes passed to <see cref="PartWritten"/> are only valid during the call.
/// </summary>
public interface ISegmentSink
{
    /// <summary>
    /// A segment begins with a key frame of the primary track, at <paramref name="dts"/> (primary clock) captured at
    /// <paramref name="ntp"/>. For fMP4, <see cref="UnitSegmenter.Init"/> is the init (ftyp + moov) it starts with.
    /// </summary>
    void SegmentStarted(long dts, DateTime ntp);

    /// <summary>One part: an fMP4 moof + mdat, or MPEG-TS packets; <paramref name="independent"/> when it starts with a key frame.</summary>
    void PartWritten(ReadOnlySpan<byte> data, double duration, bool independent);

    /// <summary>The segment is complete; <paramref name="duration"/> is its last sample's end minus its first sample's start, in seconds.</summary>
    void SegmentEnded(double duration);
}
