using System.Buffers.Binary;

namespace MediaBroker.Formats.Flv;

/// <summary>
/// AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1), the body of an H264 sequence header.
/// Internal until the Codecs folder's shared record lands; only what FLV needs: the first SPS and PPS
/// and the NAL length size.
/// </summary>
internal static class AvcConfigRecord
{
    public static (byte[] Sps, byte[] Pps, int LengthSize) Parse(ReadOnlySpan<byte> s)
    {
        if (s.Length < 7 || s[0] != 1)
        {
            throw new FlvProtocolException("invalid AVCDecoderConfigurationRecord");
        }

        var lengthSize = (s[4] & 0x03) + 1;
        var pos = 5;
        var spsCount = s[pos++] & 0x1F;
        byte[]? sps = null;
        for (var i = 0; i < spsCount; i++)
        {
            var nal = ReadNal(s, ref pos);
            sps ??= nal.ToArray();
        }

        Need(s, pos + 1);
        var ppsCount = s[pos++];
        byte[]? pps = null;
        for (var i = 0; i < ppsCount; i++)
        {
            var nal = ReadNal(s, ref pos);
            pps ??= nal.ToArray();
        }

        if (sps is null || pps is null || sps.Length < 4)
        {
            throw new FlvProtocolException("AVCDecoderConfigurationRecord without SPS or PPS");
        }

        return (sps, pps, lengthSize);
    }

    /// <summary>Builds a record with 4-byte NAL lengths; profile and level are copied from the SPS.</summary>
    public static byte[] Build(ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps)
    {
        if (sps.Length < 4)
        {
            throw new ArgumentException("SPS too short", nameof(sps));
        }

        var record = new byte[11 + sps.Length + pps.Length];
        record[0] = 1;
        record[1] = sps[1]; // profile_idc
        record[2] = sps[2]; // constraint flags
        record[3] = sps[3]; // level_idc
        record[4] = 0xFF;   // reserved(6) + lengthSizeMinusOne = 3
        record[5] = 0xE1;   // reserved(3) + one SPS
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(6), (ushort)sps.Length);
        sps.CopyTo(record.AsSpan(8));
        var pos = 8 + sps.Length;
        record[pos++] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(pos), (ushort)pps.Length);
        pps.CopyTo(record.AsSpan(pos + 2));
        return record;
    }

    internal static ReadOnlySpan<byte> ReadNal(ReadOnlySpan<byte> s, ref int pos)
    {
        Need(s, pos + 2);
        var length = BinaryPrimitives.ReadUInt16BigEndian(s[pos..]);
        Need(s, pos + 2 + length);
        var nal = s.Slice(pos + 2, length);
        pos += 2 + length;
        return nal;
    }

    private static void Need(ReadOnlySpan<byte> s, int length)
    {
        if (s.Length < length)
        {
            throw new FlvProtocolException("decoder configuration record truncated");
        }
    }
}
