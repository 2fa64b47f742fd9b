using MediaBroker.Codecs.Nal;

namespace MediaBroker.Codecs.H265;

/// <summary>
/// The leading part of an H.265 sequence parameter set (7.3.2.2.1): everything up to the sub-layer
/// ordering info, which covers size, format, profile/tier/level and the reorder depth.
/// </summary>
public sealed partial record H265Sps
{
    public int VpsId { get; init; }

    public int MaxSubLayers { get; init; }

    public bool TemporalIdNesting { get; init; }

    public H265ProfileTierLevel ProfileTierLevel { get; init; }

    public int Id { get; init; }

    public int ChromaFormatIdc { get; init; }

    public bool SeparateColourPlane { get; init; }

    public int PicWidthInLumaSamples { get; init; }

    public int PicHeightInLumaSamples { get; init; }

    public int ConfWinLeft { get; init; }

    public int ConfWinRight { get; init; }

    public int ConfWinTop { get; init; }

    public int ConfWinBottom { get; init; }

    public int BitDepthLuma { get; init; }

    public int BitDepthChroma { get; init; }

    public int Log2MaxPicOrderCntLsb { get; init; }

    /// <summary>sps_max_dec_pic_buffering_minus1 + 1 for the highest sub-layer.</summary>
    public int MaxDecPicBuffering { get; init; }

    /// <summary>sps_max_num_reorder_pics for the highest sub-layer.</summary>
    public int MaxNumReorderPics { get; init; }

    /// <summary>vui_num_units_in_tick, or 0 when the VUI has no timing.</summary>
    public uint NumUnitsInTick { get; init; }

    public uint TimeScale { get; init; }

    /// <summary>Picture rate from the VUI timing (one picture per tick, E.3.1), or null.</summary>
    public double? FrameRate => NumUnitsInTick > 0 && TimeScale > 0 ? (double)TimeScale / NumUnitsInTick : null;

    /// <summary>Width after the conformance window (7.4.3.2.1: offsets are in chroma units).</summary>
    public int Width => PicWidthInLumaSamples - (SubWidthC * (ConfWinLeft + ConfWinRight));

    public int Height => PicHeightInLumaSamples - (SubHeightC * (ConfWinTop + ConfWinBottom));

    private int SubWidthC => !SeparateColourPlane && ChromaFormatIdc is 1 or 2 ? 2 : 1;

    private int SubHeightC => !SeparateColourPlane && ChromaFormatIdc == 1 ? 2 : 1;

    /// <summary>Parses an SPS NAL unit (2-byte header included). False when truncated.</summary>
    /// <exception cref="CodecProtocolException">Not an SPS, or a field out of range.</exception>
    public static bool TryParse(ReadOnlySpan<byte> nalu, out H265Sps sps)
    {
        sps = null!;
        if (nalu.Length < 3)
        {
            return false;
        }

        if (H265Nalu.TypeOf(nalu) != H265NalUnitType.Sps)
        {
            throw new CodecProtocolException($"NAL unit type {H265Nalu.TypeOf(nalu)} is not an SPS");
        }

        using var rbsp = new RbspBuffer(nalu, 2, stackalloc byte[256]);
        var r = new BitReader(rbsp.Span);
        var vpsId = (int)r.ReadBits(4);
        var maxSubLayersMinus1 = (int)r.ReadBits(3);
        if (maxSubLayersMinus1 > 6)
        {
            throw new CodecProtocolException("sps_max_sub_layers_minus1 exceeds 6");
        }

        var nesting = r.ReadFlag();
        var ptl = H265ProfileTierLevel.Parse(ref r, maxSubLayersMinus1);
        var id = r.ReadUe(15, "sps_seq_parameter_set_id");
        var chroma = r.ReadUe(3, "chroma_format_idc");
        var separate = chroma == 3 && r.ReadFlag();
        var width = r.ReadUe(65535, "pic_width_in_luma_samples");
        var height = r.ReadUe(65535, "pic_height_in_luma_samples");
        int l = 0, rt = 0, t = 0, b = 0;
        if (r.ReadFlag())
        {
            l = r.ReadUe(65535, "conf_win_left_offset");
            rt = r.ReadUe(65535, "conf_win_right_offset");
            t = r.ReadUe(65535, "conf_win_top_offset");
            b = r.ReadUe(65535, "conf_win_bottom_offset");
        }

        var depthLuma = 8 + r.ReadUe(8, "bit_depth_luma_minus8");
        var depthChroma = 8 + r.ReadUe(8, "bit_depth_chroma_minus8");
        var log2PocLsb = 4 + r.ReadUe(12, "log2_max_pic_order_cnt_lsb_minus4");
        var orderingAll = r.ReadFlag();
        int decBuffering = 0, reorder = 0;
        for (var i = orderingAll ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++)
        {
            // The last iteration is the highest sub-layer, the one a full decoder uses.
            decBuffering = r.ReadUe(15, "sps_max_dec_pic_buffering_minus1") + 1;
            reorder = r.ReadUe(15, "sps_max_num_reorder_pics");
            r.ReadUe(); // sps_max_latency_increase_plus1
        }

        if (r.Overrun)
        {
            return false;
        }

        var (units, scale) = ParseTail(ref r, log2PocLsb);

        // A VUI cut short only loses the timing; the fields above are complete.
        sps = new H265Sps
        {
            VpsId = vpsId,
            MaxSubLayers = maxSubLayersMinus1 + 1,
            TemporalIdNesting = nesting,
            ProfileTierLevel = ptl,
            Id = id,
            ChromaFormatIdc = chroma,
            SeparateColourPlane = separate,
            PicWidthInLumaSamples = width,
            PicHeightInLumaSamples = height,
            ConfWinLeft = l,
            ConfWinRight = rt,
            ConfWinTop = t,
            ConfWinBottom = b,
            BitDepthLuma = depthLuma,
            BitDepthChroma = depthChroma,
            Log2MaxPicOrderCntLsb = log2PocLsb,
            MaxDecPicBuffering = decBuffering,
            MaxNumReorderPics = reorder,
            NumUnitsInTick = r.Overrun ? 0 : units,
            TimeScale = r.Overrun ? 0 : scale,
        };
        return true;
    }
}
