namespace MediaBroker.Codecs.Av1;

/// <summary>sequence_header_obu() fields, AV1 spec 5.5, including color_config() for av1C.</summary>
public sealed record Av1SequenceHeader
{
    public int Profile { get; init; }

    public bool StillPicture { get; init; }

    public bool ReducedStillPictureHeader { get; init; }

    /// <summary>seq_level_idx of operating point 0; the level is 2 + (idx >> 2) "." (idx &amp; 3).</summary>
    public int LevelIdx { get; init; }

    public bool HighTier { get; init; }

    public int MaxFrameWidth { get; init; }

    public int MaxFrameHeight { get; init; }

    public uint NumUnitsInDisplayTick { get; init; }

    public uint TimeScale { get; init; }

    public int BitDepth { get; init; } = 8;

    public bool MonoChrome { get; init; }

    public bool SubsamplingX { get; init; } = true;

    public bool SubsamplingY { get; init; } = true;

    public int ChromaSamplePosition { get; init; }

    /// <summary>Parses a whole sequence header OBU (header included, with or without obu_size). False when truncated.</summary>
    /// <exception cref="CodecProtocolException">Not a sequence header OBU, or a reserved value.</exception>
    public static bool TryParse(ReadOnlySpan<byte> obu, out Av1SequenceHeader header)
    {
        header = null!;
        if (!Av1ObuHeader.TryRead(obu, out var h))
        {
            return false;
        }

        if (h.Type != Av1ObuType.SequenceHeader)
        {
            throw new CodecProtocolException($"OBU type {h.Type} is not a sequence header");
        }

        var r = new BitReader(obu[h.HeaderLength..h.TotalLength]);
        var parsed = Parse(ref r);
        if (r.Overrun)
        {
            return false;
        }

        header = parsed;
        return true;
    }

    private static Av1SequenceHeader Parse(ref BitReader r)
    {
        var profile = (int)r.ReadBits(3);
        if (profile > 2)
        {
            throw new CodecProtocolException($"seq_profile {profile} is reserved");
        }

        var still = r.ReadFlag();
        var reduced = r.ReadFlag();
        int level;
        var tier = false;
        uint units = 0, scale = 0;
        if (reduced)
        {
            level = (int)r.ReadBits(5);
        }
        else
        {
            var decoderModel = false;
            var bufferDelayLength = 0;
            if (r.ReadFlag())
            {
                // timing_info()
                units = r.ReadBits(32);
                scale = r.ReadBits(32);
                if (r.ReadFlag())
                {
                    SkipUvlc(ref r); // num_ticks_per_picture_minus_1
                }

                decoderModel = r.ReadFlag();
                if (decoderModel)
                {
                    bufferDelayLength = (int)r.ReadBits(5) + 1;
                    r.Skip(32 + 5 + 5);
                }
            }

            var initialDisplayDelay = r.ReadFlag();
            var points = (int)r.ReadBits(5) + 1;
            level = 0;
            for (var i = 0; i < points; i++)
            {
                r.Skip(12); // operating_point_idc
                var idx = (int)r.ReadBits(5);
                var t = idx > 7 && r.ReadFlag();
                if (i == 0)
                {
                    level = idx;
                    tier = t;
                }

                if (decoderModel && r.ReadFlag())
                {
                    r.Skip((2 * bufferDelayLength) + 1);
                }

                if (initialDisplayDelay && r.ReadFlag())
                {
                    r.Skip(4);
                }
            }
        }

        var widthBits = (int)r.ReadBits(4) + 1;
        var heightBits = (int)r.ReadBits(4) + 1;
        var width = (int)r.ReadBits(widthBits) + 1;
        var height = (int)r.ReadBits(heightBits) + 1;
        if (!reduced && r.ReadFlag())
        {
            r.Skip(4 + 3); // delta_frame_id_length_minus_2, additional_frame_id_length_minus_1
        }

        r.Skip(3); // use_128x128_superblock, enable_filter_intra, enable_intra_edge
        if (!reduced)
        {
            r.Skip(4); // interintra, masked compound, warped motion, dual filter
            var orderHint = r.ReadFlag();
            if (orderHint)
            {
                r.Skip(2); // enable_jnt_comp, enable_ref_frame_mvs
            }

            var forceScreenContent = r.ReadFlag() ? 2 : (int)r.ReadBits(1);
            if (forceScreenContent > 0 && !r.ReadFlag())
            {
                r.Skip(1); // seq_force_integer_mv
            }

            if (orderHint)
            {
                r.Skip(3);
            }
        }

        r.Skip(3); // enable_superres, enable_cdef, enable_restoration
        return ParseColorConfig(ref r, new Av1SequenceHeader
        {
            Profile = profile,
            StillPicture = still,
            ReducedStillPictureHeader = reduced,
            LevelIdx = level,
            HighTier = tier,
            MaxFrameWidth = width,
            MaxFrameHeight = height,
            NumUnitsInDisplayTick = units,
            TimeScale = scale,
        });
    }

    // color_config(), 5.5.2.
    private static Av1SequenceHeader ParseColorConfig(ref BitReader r, Av1SequenceHeader h)
    {
        var high = r.ReadFlag();
        var depth = h.Profile == 2 && high ? (r.ReadFlag() ? 12 : 10) : high ? 10 : 8;
        var mono = h.Profile != 1 && r.ReadFlag();
        uint cp = 2, tc = 2, mc = 2;
        if (r.ReadFlag())
        {
            cp = r.ReadBits(8);
            tc = r.ReadBits(8);
            mc = r.ReadBits(8);
        }

        bool sx, sy;
        if (mono)
        {
            r.Skip(1); // color_range
            return h with { BitDepth = depth, MonoChrome = true };
        }

        if (cp == 1 && tc == 13 && mc == 0)
        {
            sx = sy = false; // sRGB
        }
        else
        {
            r.Skip(1); // color_range
            if (h.Profile == 0)
            {
                sx = sy = true;
            }
            else if (h.Profile == 1)
            {
                sx = sy = false;
            }
            else if (depth == 12)
            {
                sx = r.ReadFlag();
                sy = sx && r.ReadFlag();
            }
            else
            {
                sx = true;
                sy = false;
            }
        }

        var position = sx && sy ? (int)r.ReadBits(2) : 0;
        return h with { BitDepth = depth, SubsamplingX = sx, SubsamplingY = sy, ChromaSamplePosition = position };
    }

    private static void SkipUvlc(ref BitReader r)
    {
        var zeros = 0;
        while (!r.ReadFlag() && !r.Overrun)
        {
            if (++zeros >= 32)
            {
                throw new CodecProtocolException("uvlc() longer than 32 bits");
            }
        }

        r.Skip(zeros);
    }
}
