namespace MediaBroker.Codecs.H264;

/// <summary>Helpers over the NAL units of one H.264 access unit (no start codes, no length prefixes).</summary>
public static class H264Nalu
{
    public static H264NalUnitType TypeOf(ReadOnlySpan<byte> nalu) =>
        nalu.IsEmpty ? H264NalUnitType.Unspecified : (H264NalUnitType)(nalu[0] & 0x1F);

    /// <summary>True when the access unit contains an IDR slice, so a decoder can start here.</summary>
    public static bool IsRandomAccess(ReadOnlySpan<ReadOnlyMemory<byte>> nalus)
    {
        foreach (var nalu in nalus)
        {
            if (TypeOf(nalu.Span) == H264NalUnitType.IdrSlice)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for coded slice NAL units (types 1..5), the ones that carry picture data.</summary>
    public static bool IsSlice(H264NalUnitType type) => type is >= H264NalUnitType.NonIdrSlice and <= H264NalUnitType.IdrSlice;

    /// <summary>
    /// True when <paramref name="nalu"/> begins a new access unit after a unit that already holds a slice
    /// (H.264 7.4.1.2.3, simplified to what encoders emit): a parameter set, SEI or delimiter, or a slice
    /// whose first_mb_in_slice is 0. Used to cut Annex B streams that carry no access unit delimiters.
    /// </summary>
    public static bool StartsAccessUnit(ReadOnlySpan<byte> nalu)
    {
        var type = TypeOf(nalu);
        if (type is H264NalUnitType.AccessUnitDelimiter or H264NalUnitType.Sps or H264NalUnitType.Pps
            or H264NalUnitType.Sei or H264NalUnitType.PrefixNalUnit or (>= (H264NalUnitType)14 and <= (H264NalUnitType)18))
        {
            return true;
        }

        // first_mb_in_slice is ue(v) and 0 is coded as a single 1 bit.
        return type is H264NalUnitType.NonIdrSlice or H264NalUnitType.IdrSlice && nalu.Length > 1 && (nalu[1] & 0x80) != 0;
    }
}
