using System.Buffers;
using MediaBroker.Codecs.Nal;

namespace MediaBroker.Codecs.H264;

/// <summary>
/// Sequence parameter set, H.264 7.3.2.1.1, with the VUI fields that matter for timing (E.1.1).
/// Parsed when a track's SPS changes, not per packet, so a class with an int[] is fine.
/// </summary>
public sealed partial record H264Sps
{
    public int ProfileIdc { get; init; }

    /// <summary>constraint_set0..5 flags as the byte after profile_idc (set0 is 0x80).</summary>
    public int ConstraintFlags { get; init; }

    public int LevelIdc { get; init; }

    public int Id { get; init; }

    public int ChromaFormatIdc { get; init; } = 1;

    public bool SeparateColourPlane { get; init; }

    public int BitDepthLuma { get; init; } = 8;

    public int BitDepthChroma { get; init; } = 8;

    public int Log2MaxFrameNum { get; init; }

    public int PicOrderCntType { get; init; }

    /// <summary>log2_max_pic_order_cnt_lsb (type 0 only).</summary>
    public int Log2MaxPicOrderCntLsb { get; init; }

    public bool DeltaPicOrderAlwaysZero { get; init; }

    public int OffsetForNonRefPic { get; init; }

    public int OffsetForTopToBottomField { get; init; }

    public int[] OffsetForRefFrame { get; init; } = [];

    public int MaxNumRefFrames { get; init; }

    public bool FrameMbsOnly { get; init; } = true;

    public bool MbAdaptiveFrameField { get; init; }

    public int PicWidthInMbs { get; init; }

    public int PicHeightInMapUnits { get; init; }

    public int CropLeft { get; init; }

    public int CropRight { get; init; }

    public int CropTop { get; init; }

    public int CropBottom { get; init; }

    public bool VuiPresent { get; init; }

    public bool TimingInfoPresent { get; init; }

    public uint NumUnitsInTick { get; init; }

    public uint TimeScale { get; init; }

    public bool FixedFrameRate { get; init; }

    public bool BitstreamRestriction { get; init; }

    /// <summary>max_num_reorder_frames from the VUI, or null when the stream does not say.</summary>
    public int? MaxNumReorderFrames { get; init; }

    public int? MaxDecFrameBuffering { get; init; }

    /// <summary>ChromaArrayType, H.264 7.4.2.1.1.</summary>
    public int ChromaArrayType => SeparateColourPlane ? 0 : ChromaFormatIdc;

    /// <summary>Displayed width in pixels, after the cropping window (7.4.2.1.1 frame_crop_*).</summary>
    public int Width => (PicWidthInMbs * 16) - (CropUnitX * (CropLeft + CropRight));

    public int Height => ((2 - (FrameMbsOnly ? 1 : 0)) * PicHeightInMapUnits * 16) - (CropUnitY * (CropTop + CropBottom));

    /// <summary>Frame rate from VUI timing (a frame is two ticks, E.2.1), or null.</summary>
    public double? FrameRate => TimingInfoPresent && NumUnitsInTick > 0 && TimeScale > 0 ? TimeScale / (2.0 * NumUnitsInTick) : null;

    private int CropUnitX => ChromaArrayType is 1 or 2 ? 2 : 1;

    private int CropUnitY => (ChromaArrayType == 1 ? 2 : 1) * (FrameMbsOnly ? 1 : 2);

    /// <summary>Parses an SPS NAL unit (header byte included, emulation prevention still in place).</summary>
    /// <returns>False when the NAL unit is truncated.</returns>
    /// <exception cref="CodecProtocolException">Not an SPS, or a field is out of range.</exception>
    public static bool TryParse(ReadOnlySpan<byte> nalu, out H264Sps sps)
    {
        sps = null!;
        if (nalu.Length < 4)
        {
            return false;
        }

        if ((nalu[0] & 0x1F) != (int)H264NalUnitType.Sps)
        {
            throw new CodecProtocolException($"NAL unit type {nalu[0] & 0x1F} is not an SPS");
        }

        byte[]? rented = null;
        Span<byte> buf = nalu.Length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(nalu.Length));
        try
        {
            var n = EmulationPrevention.Remove(nalu[1..], buf);
            var r = new BitReader(buf[..n]);
            var parsed = Parse(ref r);
            if (r.Overrun)
            {
                return false;
            }

            sps = parsed;
            return true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static H264Sps Parse(ref BitReader r)
    {
        var profile = (int)r.ReadBits(8);
        var constraints = (int)r.ReadBits(8);
        var level = (int)r.ReadBits(8);
        var id = r.ReadUe(31, "seq_parameter_set_id");
        int chroma = 1, depthLuma = 8, depthChroma = 8;
        var separate = false;
        if (profile is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135)
        {
            chroma = r.ReadUe(3, "chroma_format_idc");
            if (chroma == 3)
            {
                separate = r.ReadFlag();
            }

            depthLuma = 8 + r.ReadUe(6, "bit_depth_luma_minus8");
            depthChroma = 8 + r.ReadUe(6, "bit_depth_chroma_minus8");
            r.Skip(1); // qpprime_y_zero_transform_bypass_flag
            if (r.ReadFlag())
            {
                SkipScalingLists(ref r, chroma != 3 ? 8 : 12);
            }
        }

        var log2MaxFrameNum = 4 + r.ReadUe(12, "log2_max_frame_num_minus4");
        var pocType = r.ReadUe(2, "pic_order_cnt_type");
        int log2MaxPocLsb = 0, offsetNonRef = 0, offsetTopBottom = 0;
        var alwaysZero = false;
        int[] offsets = [];
        if (pocType == 0)
        {
            log2MaxPocLsb = 4 + r.ReadUe(12, "log2_max_pic_order_cnt_lsb_minus4");
        }
        else if (pocType == 1)
        {
            alwaysZero = r.ReadFlag();
            offsetNonRef = r.ReadSe();
            offsetTopBottom = r.ReadSe();
            offsets = new int[r.ReadUe(255, "num_ref_frames_in_pic_order_cnt_cycle")];
            for (var i = 0; i < offsets.Length; i++)
            {
                offsets[i] = r.ReadSe();
            }
        }

        var maxRefFrames = r.ReadUe(255, "max_num_ref_frames");
        r.Skip(1); // gaps_in_frame_num_value_allowed_flag
        var width = r.ReadUe(1023, "pic_width_in_mbs_minus1") + 1;
        var height = r.ReadUe(1023, "pic_height_in_map_units_minus1") + 1;
        var frameMbsOnly = r.ReadFlag();
        var mbaff = !frameMbsOnly && r.ReadFlag();
        r.Skip(1); // direct_8x8_inference_flag
        int cl = 0, cr = 0, ct = 0, cb = 0;
        if (r.ReadFlag())
        {
            cl = r.ReadUe(8192, "frame_crop_left_offset");
            cr = r.ReadUe(8192, "frame_crop_right_offset");
            ct = r.ReadUe(8192, "frame_crop_top_offset");
            cb = r.ReadUe(8192, "frame_crop_bottom_offset");
        }

        var sps = new H264Sps
        {
            ProfileIdc = profile,
            ConstraintFlags = constraints,
            LevelIdc = level,
            Id = id,
            ChromaFormatIdc = chroma,
            SeparateColourPlane = separate,
            BitDepthLuma = depthLuma,
            BitDepthChroma = depthChroma,
            Log2MaxFrameNum = log2MaxFrameNum,
            PicOrderCntType = pocType,
            Log2MaxPicOrderCntLsb = log2MaxPocLsb,
            DeltaPicOrderAlwaysZero = alwaysZero,
            OffsetForNonRefPic = offsetNonRef,
            OffsetForTopToBottomField = offsetTopBottom,
            OffsetForRefFrame = offsets,
            MaxNumRefFrames = maxRefFrames,
            FrameMbsOnly = frameMbsOnly,
            MbAdaptiveFrameField = mbaff,
            PicWidthInMbs = width,
            PicHeightInMapUnits = height,
            CropLeft = cl,
            CropRight = cr,
            CropTop = ct,
            CropBottom = cb,
        };

        return r.ReadFlag() ? ParseVui(ref r, sps) : sps;
    }

    // scaling_list(), 7.3.2.1.1.1: only skipped, but delta_scale must be read to stay aligned.
    private static void SkipScalingLists(ref BitReader r, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (!r.ReadFlag())
            {
                continue;
            }

            var size = i < 6 ? 16 : 64;
            int last = 8, next = 8;
            for (var j = 0; j < size && !r.Overrun; j++)
            {
                if (next != 0)
                {
                    next = (last + r.ReadSe() + 256) % 256;
                }

                last = next == 0 ? last : next;
            }
        }
    }
}
