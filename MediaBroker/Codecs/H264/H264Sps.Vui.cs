namespace MediaBroker.Codecs.H264;

public sealed partial record H264Sps
{
    // vui_parameters(), H.264 E.1.1.
    private static H264Sps ParseVui(ref BitReader r, H264Sps sps)
    {
        if (r.ReadFlag() && r.ReadBits(8) == 255)
        {
            r.Skip(32); // Extended_SAR: sar_width, sar_height
        }

        if (r.ReadFlag())
        {
            r.Skip(1); // overscan_appropriate_flag
        }

        if (r.ReadFlag())
        {
            r.Skip(4); // video_format, video_full_range_flag
            if (r.ReadFlag())
            {
                r.Skip(24); // colour_primaries, transfer_characteristics, matrix_coefficients
            }
        }

        if (r.ReadFlag())
        {
            r.ReadUe(); // chroma_sample_loc_type_top_field
            r.ReadUe(); // chroma_sample_loc_type_bottom_field
        }

        var timing = r.ReadFlag();
        uint units = 0, scale = 0;
        var fixedRate = false;
        if (timing)
        {
            units = r.ReadBits(32);
            scale = r.ReadBits(32);
            fixedRate = r.ReadFlag();
        }

        var nalHrd = r.ReadFlag();
        if (nalHrd)
        {
            SkipHrd(ref r);
        }

        var vclHrd = r.ReadFlag();
        if (vclHrd)
        {
            SkipHrd(ref r);
        }

        if (nalHrd || vclHrd)
        {
            r.Skip(1); // low_delay_hrd_flag
        }

        r.Skip(1); // pic_struct_present_flag
        var restriction = r.ReadFlag();
        int? reorder = null, decBuffering = null;
        if (restriction)
        {
            r.Skip(1); // motion_vectors_over_pic_boundaries_flag
            r.ReadUe(); // max_bytes_per_pic_denom
            r.ReadUe(); // max_bits_per_mb_denom
            r.ReadUe(); // log2_max_mv_length_horizontal
            r.ReadUe(); // log2_max_mv_length_vertical
            reorder = r.ReadUe(16, "max_num_reorder_frames");
            decBuffering = r.ReadUe(16, "max_dec_frame_buffering");
        }

        return sps with
        {
            VuiPresent = true,
            TimingInfoPresent = timing,
            NumUnitsInTick = units,
            TimeScale = scale,
            FixedFrameRate = fixedRate,
            BitstreamRestriction = restriction,
            MaxNumReorderFrames = reorder,
            MaxDecFrameBuffering = decBuffering,
        };
    }

    // hrd_parameters(), E.1.2.
    private static void SkipHrd(ref BitReader r)
    {
        var count = r.ReadUe(31, "cpb_cnt_minus1") + 1;
        r.Skip(8); // bit_rate_scale, cpb_size_scale
        for (var i = 0; i < count; i++)
        {
            r.ReadUe(); // bit_rate_value_minus1
            r.ReadUe(); // cpb_size_value_minus1
            r.Skip(1); // cbr_flag
        }

        r.Skip(20); // four 5-bit lengths
    }
}
