namespace MediaBroker.Codecs.H264;

/// <summary>nal_unit_type values, H.264 Table 7-1 (the low 5 bits of the NAL header).</summary>
public enum H264NalUnitType : byte
{
    Unspecified = 0,
    NonIdrSlice = 1,
    SliceDataPartitionA = 2,
    SliceDataPartitionB = 3,
    SliceDataPartitionC = 4,
    IdrSlice = 5,
    Sei = 6,
    Sps = 7,
    Pps = 8,
    AccessUnitDelimiter = 9,
    EndOfSequence = 10,
    EndOfStream = 11,
    FillerData = 12,
    SpsExtension = 13,
    PrefixNalUnit = 14,
    SubsetSps = 15,
    DepthParameterSet = 16,
    AuxiliarySlice = 19,
    SliceExtension = 20,
    SliceExtensionDepth = 21,

    /// <summary>RFC 6184 §5.7.1 single-time aggregation packet (RTP only).</summary>
    StapA = 24,
    StapB = 25,
    Mtap16 = 26,
    Mtap24 = 27,

    /// <summary>RFC 6184 §5.8 fragmentation unit (RTP only).</summary>
    FuA = 28,
    FuB = 29,
}
