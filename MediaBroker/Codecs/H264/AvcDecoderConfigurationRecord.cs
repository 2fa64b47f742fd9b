using System.Buffers.Binary;

namespace MediaBroker.Codecs.H264;

/// <summary>
/// AVCDecoderConfigurationRecord, ISO/IEC 14496-15 §5.3.3.1: the "avcC" box payload of MP4 and the
/// sequence header of FLV/RTMP. Parameter sets are NAL units without start codes.
/// </summary>
public sealed record AvcDecoderConfigurationRecord(
    int ProfileIndication,
    int ProfileCompatibility,
    int LevelIndication,
    int LengthSize,
    IReadOnlyList<byte[]> Sps,
    IReadOnlyList<byte[]> Pps)
{
    /// <summary>Builds the record from one SPS and one PPS; profile and level are copied from the SPS.</summary>
    public static byte[] Build(ReadOnlySpan<byte> sps, ReadOnlySpan<byte> pps, int lengthSize = 4)
    {
        if (sps.Length < 4)
        {
            throw new ArgumentException("SPS too short", nameof(sps));
        }

        var record = new AvcDecoderConfigurationRecord(sps[1], sps[2], sps[3], lengthSize, [sps.ToArray()], [pps.ToArray()]);
        return record.ToBytes();
    }

    public byte[] ToBytes()
    {
        // The High-profile extension (chroma format, bit depths) follows the PPS list when it is known
        // (ISO/IEC 14496-15 lists 100, 110, 122 and 144; 244 replaced 144 as High 4:4:4).
        H264Sps? parsed = null;
        if (ProfileIndication is 100 or 110 or 122 or 144 or 244 && Sps.Count > 0)
        {
            try
            {
                _ = H264Sps.TryParse(Sps[0], out parsed);
            }
            catch (CodecProtocolException)
            {
                parsed = null;
            }
        }

        var size = 7 + (parsed is null ? 0 : 4);
        foreach (var s in Sps)
        {
            size += 2 + s.Length;
        }

        foreach (var p in Pps)
        {
            size += 2 + p.Length;
        }

        var b = new byte[size];
        b[0] = 1; // configurationVersion
        b[1] = (byte)ProfileIndication;
        b[2] = (byte)ProfileCompatibility;
        b[3] = (byte)LevelIndication;
        b[4] = (byte)(0xFC | (LengthSize - 1));
        b[5] = (byte)(0xE0 | Sps.Count);
        var n = 6;
        foreach (var s in Sps)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(n), (ushort)s.Length);
            s.CopyTo(b, n + 2);
            n += 2 + s.Length;
        }

        b[n++] = (byte)Pps.Count;
        foreach (var p in Pps)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(n), (ushort)p.Length);
            p.CopyTo(b, n + 2);
            n += 2 + p.Length;
        }

        if (parsed is not null)
        {
            b[n++] = (byte)(0xFC | parsed.ChromaFormatIdc);
            b[n++] = (byte)(0xF8 | (parsed.BitDepthLuma - 8));
            b[n++] = (byte)(0xF8 | (parsed.BitDepthChroma - 8));
            b[n] = 0; // numOfSequenceParameterSetExt
        }

        return b;
    }

    /// <summary>Parses an avcC payload. False when truncated; the optional High-profile tail is not needed.</summary>
    /// <exception cref="CodecProtocolException">Unknown configurationVersion.</exception>
    public static bool TryParse(ReadOnlySpan<byte> data, out AvcDecoderConfigurationRecord record)
    {
        record = null!;
        if (data.Length < 7)
        {
            return false;
        }

        if (data[0] != 1)
        {
            throw new CodecProtocolException($"avcC configurationVersion {data[0]} is not 1");
        }

        var pos = 6;
        var sps = new List<byte[]>();
        if (!ReadSets(data, ref pos, data[5] & 0x1F, sps) || pos >= data.Length)
        {
            return false;
        }

        var pps = new List<byte[]>();
        if (!ReadSets(data, ref pos, data[pos++], pps))
        {
            return false;
        }

        record = new AvcDecoderConfigurationRecord(data[1], data[2], data[3], (data[4] & 3) + 1, sps, pps);
        return true;
    }

    private static bool ReadSets(ReadOnlySpan<byte> data, ref int pos, int count, List<byte[]> into)
    {
        for (var i = 0; i < count; i++)
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

            into.Add(data.Slice(pos + 2, len).ToArray());
            pos += 2 + len;
        }

        return true;
    }
}
