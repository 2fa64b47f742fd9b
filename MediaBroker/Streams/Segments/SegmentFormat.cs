namespace MediaBroker.Streams.Segments;

/// <summary>The container a <see cref="UnitSegmenter"/> writes.</summary>
public enum SegmentFormat
{
    /// <summary>Fragmented MP4: an init (ftyp + moov) per segment, then one moof + mdat per part.</summary>
    Fmp4,

    /// <summary>MPEG-TS packets; PAT/PMT at every video key frame.</summary>
    MpegTs,
}
