using MediaBroker.Codecs.Nal;

namespace MediaBroker.Codecs.H264;

/// <summary>The slice header fields up to the picture order count ones (H.264 7.3.3).</summary>
internal readonly record struct H264SliceHeader(
    int PpsId,
    int FrameNum,
    bool FieldPic,
    bool BottomField,
    int PicOrderCntLsb,
    int DeltaPicOrderCntBottom,
    int DeltaPicOrderCnt0,
    int DeltaPicOrderCnt1)
{
    /// <summary>Parses the header of a slice NAL unit; false when truncated or its parameter sets are unknown.</summary>
    public static bool TryParse(ReadOnlySpan<byte> nalu, Func<int, H264Pps?> ppsById, Func<int, H264Sps?> spsById, out H264SliceHeader header, out H264Sps? sps)
    {
        header = default;
        sps = null;
        Span<byte> buf = stackalloc byte[64];
        var head = nalu[1..Math.Min(nalu.Length, 65)];
        var r = new BitReader(buf[..EmulationPrevention.Remove(head, buf)]);
        r.ReadUe(); // first_mb_in_slice
        r.ReadUe(); // slice_type
        var ppsId = r.ReadUe(255, "pic_parameter_set_id");
        if (ppsById(ppsId) is not { } pps || spsById(pps.SpsId) is not { } s)
        {
            return false;
        }

        if (s.SeparateColourPlane)
        {
            r.Skip(2);
        }

        var frameNum = (int)r.ReadBits(s.Log2MaxFrameNum);
        bool field = false, bottom = false;
        if (!s.FrameMbsOnly)
        {
            field = r.ReadFlag();
            if (field)
            {
                bottom = r.ReadFlag();
            }
        }

        if ((nalu[0] & 0x1F) == (int)H264NalUnitType.IdrSlice)
        {
            r.ReadUe(); // idr_pic_id
        }

        int lsb = 0, deltaBottom = 0, delta0 = 0, delta1 = 0;
        if (s.PicOrderCntType == 0)
        {
            lsb = (int)r.ReadBits(s.Log2MaxPicOrderCntLsb);
            if (pps.BottomFieldPicOrderInFramePresent && !field)
            {
                deltaBottom = r.ReadSe();
            }
        }
        else if (s.PicOrderCntType == 1 && !s.DeltaPicOrderAlwaysZero)
        {
            delta0 = r.ReadSe();
            if (pps.BottomFieldPicOrderInFramePresent && !field)
            {
                delta1 = r.ReadSe();
            }
        }

        if (r.Overrun)
        {
            return false;
        }

        header = new H264SliceHeader(ppsId, frameNum, field, bottom, lsb, deltaBottom, delta0, delta1);
        sps = s;
        return true;
    }
}
