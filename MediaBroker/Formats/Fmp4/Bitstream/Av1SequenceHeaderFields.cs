namespace MediaBroker.Formats.Fmp4.Bitstream;

/// <summary>
/// The sequence header fields av1C and tkhd need (AV1 §5.5). A minimal local parser until Codecs/Av1 has one.
/// </summary>
internal readonly record struct Av1SequenceHeaderFields(int Profile, int Level, int Tier, bool HighBitDepth, bool TwelveBit, bool Monochrome,
    bool SubsamplingX, bool SubsamplingY, int ChromaSamplePosition, int Width, int Height)
{
    /// <summary>Parses the payload of a sequence header OBU (after its OBU header and size).</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Av1SequenceHeaderFields fields)
    {
        fields = default;
        var r = new BitReader(payload);
        var profile = (int)r.Bits(3);
        r.Skip(1); // still_picture
        var reduced = r.Flag();
        int level, tier = 0;
        if (reduced)
        {
            level = (int)r.Bits(5);
        }
        else
        {
            var decoderModelInfo = false;
            var bufferDelayLength = 0;
            if (r.Flag())
            {
                r.Skip(64); // num_units_in_display_tick, time_scale
                if (r.Flag())
                {
                    r.Uvlc();
                }

                decoderModelInfo = r.Flag();
                if (decoderModelInfo)
                {
                    bufferDelayLength = (int)r.Bits(5) + 1;
                    r.Skip(32 + 5 + 5);
                }
            }

            var initialDisplayDelay = r.Flag();
            var operatingPoints = (int)r.Bits(5) + 1;
            level = 0;
            for (var i = 0; i < operatingPoints && !r.Overrun; i++)
            {
                r.Skip(12); // operating_point_idc
                var lvl = (int)r.Bits(5);
                var tr = lvl > 7 ? (int)r.Bit() : 0;
                if (i == 0)
                {
                    level = lvl;
                    tier = tr;
                }

                if (decoderModelInfo && r.Flag())
                {
                    r.Skip((2 * bufferDelayLength) + 1);
                }

                if (initialDisplayDelay && r.Flag())
                {
                    r.Skip(4);
                }
            }
        }

        var widthBits = (int)r.Bits(4) + 1;
        var heightBits = (int)r.Bits(4) + 1;
        var width = (int)r.Bits(widthBits) + 1;
        var height = (int)r.Bits(heightBits) + 1;
        if (!reduced && r.Flag())
        {
            r.Skip(7); // delta_frame_id_length_minus_2, additional_frame_id_length_minus_1
        }

        r.Skip(3); // use_128x128_superblock, enable_filter_intra, enable_intra_edge_filter
        if (!reduced)
        {
            r.Skip(4); // interintra, masked compound, warped motion, dual filter
            var orderHint = r.Flag();
            if (orderHint)
            {
                r.Skip(2);
            }

            var forceScreenContentTools = r.Flag() ? 2 : (int)r.Bit();
            if (forceScreenContentTools > 0 && !r.Flag())
            {
                r.Skip(1);
            }

            if (orderHint)
            {
                r.Skip(3);
            }
        }

        r.Skip(3); // superres, cdef, restoration

        // color_config (§5.5.2)
        var highBitDepth = r.Flag();
        var twelveBit = profile == 2 && highBitDepth && r.Flag();
        var mono = profile != 1 && r.Flag();
        int cp = 2, tc = 2, mc = 2;
        if (r.Flag())
        {
            cp = (int)r.Bits(8);
            tc = (int)r.Bits(8);
            mc = (int)r.Bits(8);
        }

        bool ssx, ssy;
        var csp = 0;
        if (mono)
        {
            ssx = ssy = true;
        }
        else if (cp == 1 && tc == 13 && mc == 0)
        {
            ssx = ssy = false;
        }
        else
        {
            r.Skip(1); // color_range
            if (profile == 0)
            {
                ssx = ssy = true;
            }
            else if (profile == 1)
            {
                ssx = ssy = false;
            }
            else if (twelveBit)
            {
                ssx = r.Flag();
                ssy = ssx && r.Flag();
            }
            else
            {
                ssx = true;
                ssy = false;
            }

            if (ssx && ssy)
            {
                csp = (int)r.Bits(2);
            }
        }

        if (r.Overrun)
        {
            return false;
        }

        fields = new Av1SequenceHeaderFields(profile, level, tier, highBitDepth, twelveBit, mono, ssx, ssy, csp, width, height);
        return true;
    }
}
