namespace MediaBroker.Codecs.Av1;

/// <summary>obu_type, AV1 spec 6.2.2.</summary>
public enum Av1ObuType : byte
{
    SequenceHeader = 1,
    TemporalDelimiter = 2,
    FrameHeader = 3,
    TileGroup = 4,
    Metadata = 5,
    Frame = 6,
    RedundantFrameHeader = 7,
    TileList = 8,
    Padding = 15,
}
