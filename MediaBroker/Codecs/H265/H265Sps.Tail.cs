namespace MediaBroker.Codecs.H265;

public sealed partial record H265Sps
{
    // The rest of seq_parameter_set_rbsp() (H.265 7.3.2.2.1) up to the VUI timing info (E.2.1).
    // Everything between is only walked over, but must be parsed exactly to stay aligned.
    private static (uint Units, uint Scale) ParseTail(ref BitReader r, int log2PocLsb)
    {
        for (var i = 0; i < 6; i++)
        {
            r.ReadUe(); // coding/transform block sizes and hierarchy depths
        }

        if (r.ReadFlag() && r.ReadFlag())
        {
            SkipScalingListData(ref r);
        }

        r.Skip(2); // amp_enabled_flag, sample_adaptive_offset_enabled_flag
        if (r.ReadFlag())
        {
            r.Skip(8); // pcm_sample_bit_depth_luma/chroma_minus1
            r.ReadUe();
            r.ReadUe();
            r.Skip(1); // pcm_loop_filter_disabled_flag
        }

        var sets = r.ReadUe(64, "num_short_term_ref_pic_sets");
        Span<int> deltaPocs = stackalloc int[65];
        for (var i = 0; i < sets && !r.Overrun; i++)
        {
            deltaPocs[i] = SkipShortTermRefPicSet(ref r, i, deltaPocs);
        }

        if (r.ReadFlag())
        {
            var lt = r.ReadUe(32, "num_long_term_ref_pics_sps");
            r.Skip(lt * (log2PocLsb + 1));
        }

        r.Skip(2); // sps_temporal_mvp_enabled_flag, strong_intra_smoothing_enabled_flag
        if (!r.ReadFlag())
        {
            return (0, 0);
        }

        if (r.ReadFlag() && r.ReadBits(8) == 255)
        {
            r.Skip(32); // sar_width, sar_height
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
                r.Skip(24);
            }
        }

        if (r.ReadFlag())
        {
            r.ReadUe();
            r.ReadUe();
        }

        r.Skip(3); // neutral_chroma_indication_flag, field_seq_flag, frame_field_info_present_flag
        if (r.ReadFlag())
        {
            r.ReadUe();
            r.ReadUe();
            r.ReadUe();
            r.ReadUe();
        }

        return r.ReadFlag() ? (r.ReadBits(32), r.ReadBits(32)) : (0, 0);
    }

    // scaling_list_data(), 7.3.4.
    private static void SkipScalingListData(ref BitReader r)
    {
        for (var sizeId = 0; sizeId < 4; sizeId++)
        {
            for (var matrixId = 0; matrixId < 6; matrixId += sizeId == 3 ? 3 : 1)
            {
                if (!r.ReadFlag())
                {
                    r.ReadUe(); // scaling_list_pred_matrix_id_delta
                    continue;
                }

                var coefs = Math.Min(64, 1 << (4 + (sizeId << 1)));
                if (sizeId > 1)
                {
                    r.ReadSe();
                }

                for (var i = 0; i < coefs && !r.Overrun; i++)
                {
                    r.ReadSe();
                }
            }
        }
    }

    // st_ref_pic_set(stRpsIdx), 7.3.7, as it appears in the SPS; returns NumDeltaPocs[stRpsIdx].
    private static int SkipShortTermRefPicSet(ref BitReader r, int index, scoped ReadOnlySpan<int> deltaPocs)
    {
        if (index != 0 && r.ReadFlag())
        {
            r.Skip(1); // delta_rps_sign
            r.ReadUe(); // abs_delta_rps_minus1
            var count = 0;
            for (var j = 0; j <= deltaPocs[index - 1]; j++)
            {
                var used = r.ReadFlag();
                if (used || r.ReadFlag())
                {
                    count++;
                }
            }

            return count;
        }

        var negative = r.ReadUe(16, "num_negative_pics");
        var positive = r.ReadUe(16, "num_positive_pics");
        for (var i = 0; i < negative + positive; i++)
        {
            r.ReadUe(); // delta_poc_sX_minus1
            r.Skip(1); // used_by_curr_pic_sX_flag
        }

        return negative + positive;
    }
}
