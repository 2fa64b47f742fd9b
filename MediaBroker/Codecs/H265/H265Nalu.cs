namespace MediaBroker.Codecs.H265;

/// <summary>Helpers over the NAL units of one H.265 access unit (no start codes, no length prefixes).</summary>
public static class H265Nalu
{
    public static H265NalUnitType TypeOf(ReadOnlySpan<byte> nalu) =>
        nalu.IsEmpty ? H265NalUnitType.TrailN : (H265NalUnitType)((nalu[0] >> 1) & 0x3F);

    /// <summary>IRAP pictures (BLA, IDR, CRA: types 16..21) start a decodable sequence (H.265 3.63).</summary>
    public static bool IsIrap(H265NalUnitType type) => type is >= H265NalUnitType.BlaWLp and <= (H265NalUnitType)23;

    public static bool IsVcl(H265NalUnitType type) => (byte)type < 32;

    /// <summary>True when the access unit holds an IRAP picture (types 16..21).</summary>
    public static bool IsRandomAccess(ReadOnlySpan<ReadOnlyMemory<byte>> nalus)
    {
        foreach (var nalu in nalus)
        {
            if (TypeOf(nalu.Span) is >= H265NalUnitType.BlaWLp and <= H265NalUnitType.Cra)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="nalu"/> begins a new access unit after one that holds a slice (H.265 7.4.2.4.4):
    /// VPS/SPS/PPS, delimiter, prefix SEI, or a slice with first_slice_segment_in_pic_flag set.
    /// </summary>
    public static bool StartsAccessUnit(ReadOnlySpan<byte> nalu)
    {
        var type = TypeOf(nalu);
        if (type is >= H265NalUnitType.Vps and <= H265NalUnitType.AccessUnitDelimiter or H265NalUnitType.PrefixSei
            or (>= (H265NalUnitType)41 and <= (H265NalUnitType)44))
        {
            return true;
        }

        return IsVcl(type) && nalu.Length > 2 && (nalu[2] & 0x80) != 0;
    }
}
