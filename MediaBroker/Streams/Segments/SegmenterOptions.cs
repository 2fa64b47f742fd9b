namespace MediaBroker.Streams.Segments;

/// <summary>How a <see cref="UnitSegmenter"/> cuts a stream (HLS and the recorder differ only in these).</summary>
public sealed record SegmenterOptions
{
    public SegmentFormat Format { get; init; } = SegmentFormat.Fmp4;

    /// <summary>A segment ends at the first key frame of the primary track at least this long after its start.</summary>
    public TimeSpan SegmentDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A part is written when this much time (primary track DTS) has passed since the last one.</summary>
    public TimeSpan PartDuration { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>A part is also written once the units added to it reach this many bytes (0: no limit).</summary>
    public long MaxPartSize { get; init; }

    /// <summary>
    /// What a change of a track's codec parameters does: false stops the segmenter (<see cref="UnitSegmenter.StopReason"/>,
    /// HLS starts a new muxer); true ends the segment and starts a new one, with a new init, at the next key frame.
    /// </summary>
    public bool NewSegmentOnParameterChange { get; init; }

    /// <summary>fMP4: each segment's decode times (tfdt) start near 0 instead of continuing the stream's timeline.</summary>
    public bool SegmentTimelineFromZero { get; init; }
}
