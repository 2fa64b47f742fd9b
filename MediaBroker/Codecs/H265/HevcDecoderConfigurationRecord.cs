using System.Buffers.Binary;

namespace MediaBroker.Codecs.H265;

/// <summary>One array of the hvcC record: NAL units of one type.</summary>
public sealed record HevcNaluArray(bool Complete, H265NalUnitType Type, IReadOnlyList<byte[]> Nalus);

/// <summary>
/// HEVCDecoderConfigurationRecord, ISO/IEC 14496-15 §8.3.3.1: the "hvcC" box payload of MP4 and the
/// sequence header of enhanced RTMP/FLV.
/// </summary>
public sealed record HevcDecoderConfigurationRecord(
    H265ProfileTierLevel ProfileTierLevel,
    int ChromaFormatIdc,
    int BitDepthLuma,
    int BitDepthChroma,
    int NumTemporalLayers,
    bool TemporalIdNested,
    int LengthSize,
    IReadOnlyList<HevcNaluArray> Arrays)
{
    private const int HeaderSize = 23;

    /// <summary>First NAL unit of the given type, or null.</summary>
    public byte[]? Find(H265NalUnitType type)
    {
        foreach (var a in Arrays)
        {
            if (a.Type == type && a.Nalus.Count > 0)
            {
                return a.Nalus[0];
            }
        }

        return null;
    }

    /// <summary>Builds the record from the three parameter sets; the header fields come from the SPS.</summary>
    /// <exception cref="CodecProtocolException">The SPS cannot be parsed.</exception>
    public static byte[] Build(byte[] vps, byte[] sps, byte[] pps, int lengthSize = 4)
    {
        if (!H265Sps.TryParse(sps, out var s))
        {
            throw new CodecProtocolException("truncated SPS");
        }

        HevcNaluArray[] arrays =
        [
            new(true, H265NalUnitType.Vps, [vps]),
            new(true, H265NalUnitType.Sps, [sps]),
            new(true, H265NalUnitType.Pps, [pps]),
        ];
        return new HevcDecoderConfigurationRecord(s.ProfileTierLevel, s.ChromaFormatIdc, s.BitDepthLuma, s.BitDepthChroma, s.MaxSubLayers, s.TemporalIdNesting, lengthSize, arrays).ToBytes();
    }

    public byte[] ToBytes()
    {
        var size = HeaderSize;
        foreach (var a in Arrays)
        {
            size += 3;
            foreach (var n in a.Nalus)
            {
                size += 2 + n.Length;
            }
        }

        var b = new byte[size];
        var ptl = ProfileTierLevel;
        b[0] = 1;
        b[1] = (byte)((ptl.ProfileSpace << 6) | (ptl.HighTier ? 0x20 : 0) | ptl.ProfileIdc);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(2), ptl.ProfileCompatibilityFlags);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(6), (ushort)(ptl.ConstraintIndicatorFlags >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(8), (uint)ptl.ConstraintIndicatorFlags);
        b[12] = (byte)ptl.LevelIdc;
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(13), 0xF000); // min_spatial_segmentation_idc unknown: 0
        b[15] = 0xFC; // parallelismType 0 (unknown)
        b[16] = (byte)(0xFC | ChromaFormatIdc);
        b[17] = (byte)(0xF8 | (BitDepthLuma - 8));
        b[18] = (byte)(0xF8 | (BitDepthChroma - 8));
        // b[19..20] avgFrameRate 0 (unspecified)
        b[21] = (byte)((NumTemporalLayers << 3) | (TemporalIdNested ? 4 : 0) | (LengthSize - 1));
        b[22] = (byte)Arrays.Count;
        var pos = HeaderSize;
        foreach (var a in Arrays)
        {
            b[pos] = (byte)((a.Complete ? 0x80 : 0) | (byte)a.Type);
            BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(pos + 1), (ushort)a.Nalus.Count);
            pos += 3;
            foreach (var n in a.Nalus)
            {
                BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(pos), (ushort)n.Length);
                n.CopyTo(b, pos + 2);
                pos += 2 + n.Length;
            }
        }

        return b;
    }

    /// <summary>Parses an hvcC payload. False when truncated.</summary>
    /// <exception cref="CodecProtocolException">Unknown configurationVersion.</exception>
    public static bool TryParse(ReadOnlySpan<byte> data, out HevcDecoderConfigurationRecord record)
    {
        record = null!;
        if (data.Length < HeaderSize)
        {
            return false;
        }

        if (data[0] != 1)
        {
            throw new CodecProtocolException($"hvcC configurationVersion {data[0]} is not 1");
        }

        var ptl = new H265ProfileTierLevel(
            data[1] >> 6,
            (data[1] & 0x20) != 0,
            data[1] & 0x1F,
            BinaryPrimitives.ReadUInt32BigEndian(data[2..]),
            ((ulong)BinaryPrimitives.ReadUInt16BigEndian(data[6..]) << 32) | BinaryPrimitives.ReadUInt32BigEndian(data[8..]),
            data[12]);
        var arrays = new List<HevcNaluArray>(data[22]);
        var pos = HeaderSize;
        for (var i = 0; i < data[22]; i++)
        {
            if (data.Length - pos < 3)
            {
                return false;
            }

            var type = (H265NalUnitType)(data[pos] & 0x3F);
            var complete = (data[pos] & 0x80) != 0;
            var count = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 1)..]);
            pos += 3;
            var nalus = new List<byte[]>(Math.Min((int)count, 16));
            for (var k = 0; k < count; k++)
            {
                if (data.Length - pos < 2)
                {
                    return false;
                }

                var len = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
                if (data.Length - pos - 2 < len)
                {
                    return false;
                }

                nalus.Add(data.Slice(pos + 2, len).ToArray());
                pos += 2 + len;
            }

            arrays.Add(new HevcNaluArray(complete, type, nalus));
        }

        record = new HevcDecoderConfigurationRecord(ptl, data[16] & 3, (data[17] & 7) + 8, (data[18] & 7) + 8, (data[21] >> 3) & 7, (data[21] & 4) != 0, (data[21] & 3) + 1, arrays);
        return true;
    }
}
