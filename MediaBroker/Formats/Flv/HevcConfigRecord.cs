using System.Buffers.Binary;

namespace MediaBroker.Formats.Flv;

/// <summary>
/// HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 §8.3.3.1). Internal until the Codecs folder's shared
/// record lands.
/// </summary>
internal static class HevcConfigRecord
{
    private const int VpsType = 32;
    private const int SpsType = 33;
    private const int PpsType = 34;

    public static (byte[] Vps, byte[] Sps, byte[] Pps, int LengthSize) Parse(ReadOnlySpan<byte> s)
    {
        if (s.Length < 23 || s[0] != 1)
        {
            throw new FlvProtocolException("invalid HEVCDecoderConfigurationRecord");
        }

        var lengthSize = (s[21] & 0x03) + 1;
        var arrays = s[22];
        var pos = 23;
        byte[]? vps = null, sps = null, pps = null;
        for (var a = 0; a < arrays; a++)
        {
            if (s.Length < pos + 3)
            {
                throw new FlvProtocolException("HEVCDecoderConfigurationRecord truncated");
            }

            var type = s[pos] & 0x3F;
            var count = BinaryPrimitives.ReadUInt16BigEndian(s[(pos + 1)..]);
            pos += 3;
            for (var i = 0; i < count; i++)
            {
                var nal = AvcConfigRecord.ReadNal(s, ref pos);
                switch (type)
                {
                    case VpsType:
                        vps ??= nal.ToArray();
                        break;
                    case SpsType:
                        sps ??= nal.ToArray();
                        break;
                    case PpsType:
                        pps ??= nal.ToArray();
                        break;
                }
            }
        }

        if (vps is null || sps is null || pps is null)
        {
            throw new FlvProtocolException("HEVCDecoderConfigurationRecord without VPS, SPS or PPS");
        }

        return (vps, sps, pps, lengthSize);
    }

    /// <summary>
    /// Builds a record with 4-byte NAL lengths. The 12 bytes of general profile/tier/level are taken from the
    /// SPS (H.265 §7.3.2.2: after the 2-byte NAL header and one byte of ids, emulation prevention removed).
    /// </summary>
    public static byte[] Build(ReadOnlySpan<byte> vps, ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
    {
        Span<byte> ptl = stackalloc byte[12];
        var n = 0;
        var zeros = 0;
        for (var i = 3; i < sps.Length && n < ptl.Length; i++)
        {
            if (zeros >= 2 && sps[i] == 3)
            {
                zeros = 0;
                continue;
            }

            zeros = sps[i] == 0 ? zeros + 1 : 0;
            ptl[n++] = sps[i];
        }

        var record = new byte[23 + (3 * 5) + vps.Length + sps.Length + pps.Length];
        record[0] = 1;
        ptl.CopyTo(record.AsSpan(1)); // profile space/tier/idc, compatibility flags, constraint flags, level
        record[13] = 0xF0;            // reserved(4) + min_spatial_segmentation_idc = 0
        record[14] = 0x00;
        record[15] = 0xFC;            // reserved(6) + parallelismType = 0
        record[16] = 0xFD;            // reserved(6) + chroma_format_idc = 1 (4:2:0)
        record[17] = 0xF8;            // reserved(5) + bit_depth_luma_minus8 = 0
        record[18] = 0xF8;            // reserved(5) + bit_depth_chroma_minus8 = 0
        record[19] = 0;               // avgFrameRate
        record[20] = 0;
        record[21] = 0x0F;            // constantFrameRate 0, numTemporalLayers 1, temporalIdNested 1, lengthSizeMinusOne 3
        record[22] = 3;
        var pos = 23;
        pos = WriteArray(record, pos, VpsType, vps);
        pos = WriteArray(record, pos, SpsType, sps);
        WriteArray(record, pos, PpsType, pps);
        return record;
    }

    private static int WriteArray(byte[] record, int pos, int type, ReadOnlySpan<byte> nal)
    {
        record[pos] = (byte)(0x80 | type); // array_completeness = 1
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(pos + 1), 1);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(pos + 3), (ushort)nal.Length);
        nal.CopyTo(record.AsSpan(pos + 5));
        return pos + 5 + nal.Length;
    }
}
