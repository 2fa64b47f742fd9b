namespace MediaBroker.Codecs.H265;

/// <summary>nal_unit_type values, H.265 Table 7-1 (bits 1..6 of the first NAL header byte).</summary>
public enum H265NalUnitType : byte
{
    TrailN = 0,
    TrailR = 1,
    TsaN = 2,
    TsaR = 3,
    StsaN = 4,
    StsaR = 5,
    RadlN = 6,
    RadlR = 7,
    RaslN = 8,
    RaslR = 9,
    BlaWLp = 16,
    BlaWRadl = 17,
    BlaNLp = 18,
    IdrWRadl = 19,
    IdrNLp = 20,
    Cra = 21,
    Vps = 32,
    Sps = 33,
    Pps = 34,
    AccessUnitDelimiter = 35,
    EndOfSequence = 36,
    EndOfBitstream = 37,
    FillerData = 38,
    PrefixSei = 39,
    SuffixSei = 40,

    /// <summary>RFC 7798 §4.4.2 aggregation packet (RTP only).</summary>
    AggregationPacket = 48,

    /// <summary>RFC 7798 §4.4.3 fragmentation unit (RTP only).</summary>
    FragmentationUnit = 49,
}
