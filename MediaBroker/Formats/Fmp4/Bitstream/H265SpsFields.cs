namespace MediaBroker.Formats.Fmp4.Bitstream;

/// <summary>
/// The H.265 SPS fields hvcC and tkhd need (H.265 §7.3.2.2). A minimal local parser until Codecs/H265 has one.
/// <see cref="ProfileTierLevel"/> is the 12-byte general profile_tier_level, copied into hvcC as it is.
/// </summary>
internal readonly record struct H265SpsFields(byte[] ProfileTierLevel, int MaxSubLayers, bool TemporalIdNesting, int ChromaFormatIdc, int BitDepthLuma, int BitDepthChroma, int Width, int Height)
{
    public int GeneralProfileSpace => ProfileTierLevel[0] >> 6;

    public bool GeneralTier => (ProfileTierLevel[0] & 0x20) != 0;

    public int GeneralProfileIdc => ProfileTierLevel[0] & 0x1F;

    public uint GeneralCompatibilityFlags => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(ProfileTierLevel.AsSpan(1));

    public int GeneralLevelIdc => ProfileTierLevel[11];

    public static bool TryParse(ReadOnlySpan<byte> sps, out H265SpsFields fields)
    {
        fields = default;
        if (sps.Length < 15 || sps.Length > 4096)
        {
            return false;
        }

        Span<byte> rbsp = stackalloc byte[sps.Length];
        var data = rbsp[..Rbsp.Unescape(sps, rbsp)];
        if (data.Length < 15)
        {
            return false;
        }

        var r = new BitReader(data);
        r.Skip(16); // NAL header
        r.Skip(4); // sps_video_parameter_set_id
        var maxSubLayersMinus1 = (int)r.Bits(3);
        var nesting = r.Flag();
        var ptl = data.Slice(3, 12).ToArray(); // general_profile_space .. general_level_idc (§7.3.3), byte aligned here
        r.Skip(96);
        Span<bool> profilePresent = stackalloc bool[8];
        Span<bool> levelPresent = stackalloc bool[8];
        for (var i = 0; i < maxSubLayersMinus1; i++)
        {
            profilePresent[i] = r.Flag();
            levelPresent[i] = r.Flag();
        }

        if (maxSubLayersMinus1 > 0)
        {
            r.Skip(2 * (8 - maxSubLayersMinus1));
        }

        for (var i = 0; i < maxSubLayersMinus1; i++)
        {
            r.Skip((profilePresent[i] ? 88 : 0) + (levelPresent[i] ? 8 : 0));
        }

        r.Ue(); // sps_seq_parameter_set_id
        var chroma = (int)r.Ue();
        if (chroma == 3)
        {
            r.Skip(1);
        }

        var width = (int)r.Ue();
        var height = (int)r.Ue();
        if (r.Flag())
        {
            var subWidth = chroma is 1 or 2 ? 2 : 1;
            var subHeight = chroma == 1 ? 2 : 1;
            width -= subWidth * (int)(r.Ue() + r.Ue());
            height -= subHeight * (int)(r.Ue() + r.Ue());
        }

        var depthLuma = (int)r.Ue() + 8;
        var depthChroma = (int)r.Ue() + 8;
        if (r.Overrun || width <= 0 || height <= 0 || width > 16384 || height > 16384 || chroma > 3)
        {
            return false;
        }

        fields = new H265SpsFields(ptl, maxSubLayersMinus1 + 1, nesting, chroma, depthLuma, depthChroma, width, height);
        return true;
    }
}
