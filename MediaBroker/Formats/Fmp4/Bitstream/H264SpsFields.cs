namespace MediaBroker.Formats.Fmp4.Bitstream;

/// <summary>
/// The H.264 SPS fields an init segment needs (H.264 §7.3.2.1.1). A minimal local parser until the
/// shared one in Codecs/H264 lands; only profile, chroma format, bit depths and the cropped picture size.
/// </summary>
internal readonly record struct H264SpsFields(int ProfileIdc, int ConstraintFlags, int LevelIdc, int ChromaFormatIdc, int BitDepthLuma, int BitDepthChroma, int Width, int Height)
{
    public static bool TryParse(ReadOnlySpan<byte> sps, out H264SpsFields fields)
    {
        fields = default;
        if (sps.Length < 4 || sps.Length > 4096)
        {
            return false;
        }

        Span<byte> rbsp = stackalloc byte[sps.Length];
        var r = new BitReader(rbsp[..Rbsp.Unescape(sps, rbsp)]);
        r.Skip(8); // NAL header
        var profile = (int)r.Bits(8);
        var constraints = (int)r.Bits(8);
        var level = (int)r.Bits(8);
        r.Ue(); // seq_parameter_set_id
        int chroma = 1, depthLuma = 8, depthChroma = 8;
        var separateColourPlane = false;
        if (profile is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135)
        {
            chroma = (int)r.Ue();
            if (chroma == 3)
            {
                separateColourPlane = r.Flag();
            }

            depthLuma = (int)r.Ue() + 8;
            depthChroma = (int)r.Ue() + 8;
            r.Skip(1); // qpprime_y_zero_transform_bypass_flag
            if (r.Flag())
            {
                var lists = chroma != 3 ? 8 : 12;
                for (var i = 0; i < lists && !r.Overrun; i++)
                {
                    if (r.Flag())
                    {
                        SkipScalingList(ref r, i < 6 ? 16 : 64);
                    }
                }
            }
        }

        r.Ue(); // log2_max_frame_num_minus4
        var pocType = r.Ue();
        if (pocType == 0)
        {
            r.Ue();
        }
        else if (pocType == 1)
        {
            r.Skip(1);
            r.Se();
            r.Se();
            var cycle = r.Ue();
            for (var i = 0u; i < cycle && !r.Overrun; i++)
            {
                r.Se();
            }
        }

        r.Ue(); // max_num_ref_frames
        r.Skip(1); // gaps_in_frame_num_value_allowed_flag
        var widthMbs = (int)r.Ue() + 1;
        var heightMapUnits = (int)r.Ue() + 1;
        var frameMbsOnly = r.Flag();
        if (!frameMbsOnly)
        {
            r.Skip(1);
        }

        r.Skip(1); // direct_8x8_inference_flag
        int cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (r.Flag())
        {
            cropLeft = (int)r.Ue();
            cropRight = (int)r.Ue();
            cropTop = (int)r.Ue();
            cropBottom = (int)r.Ue();
        }

        if (r.Overrun || widthMbs > 1024 || heightMapUnits > 1024)
        {
            return false;
        }

        // Cropping units, H.264 §7.4.2.1.1 (CropUnitX/CropUnitY).
        var arrayType = separateColourPlane ? 0 : chroma;
        var cropUnitX = arrayType == 0 ? 1 : (chroma == 3 ? 1 : 2);
        var cropUnitY = (arrayType == 0 ? 1 : (chroma == 1 ? 2 : 1)) * (frameMbsOnly ? 1 : 2);
        var width = (widthMbs * 16) - (cropUnitX * (cropLeft + cropRight));
        var height = ((frameMbsOnly ? 1 : 2) * heightMapUnits * 16) - (cropUnitY * (cropTop + cropBottom));
        if (width <= 0 || height <= 0)
        {
            return false;
        }

        fields = new H264SpsFields(profile, constraints, level, chroma, depthLuma, depthChroma, width, height);
        return true;
    }

    private static void SkipScalingList(ref BitReader r, int size)
    {
        int last = 8, next = 8;
        for (var j = 0; j < size && !r.Overrun; j++)
        {
            if (next != 0)
            {
                next = (last + r.Se() + 256) % 256;
            }

            last = next == 0 ? last : next;
        }
    }
}
