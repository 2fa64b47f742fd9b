using System.Buffers;
using System.Buffers.Binary;

namespace MediaBroker.Formats.MpegTs;

/// <summary>
/// The start of a PES packet (ISO/IEC 13818-1 §2.4.3.6). <see cref="PacketLength"/> is 0 for an
/// unbounded video PES; PTS/DTS are the raw 33-bit values, -1 when absent (DTS defaults to PTS).
/// <see cref="HeaderLength"/> counts every byte before the elementary stream data.
/// </summary>
internal readonly record struct PesHeader(byte StreamId, int PacketLength, long Pts, long Dts, int HeaderLength)
{
    public static OperationStatus TryRead(ReadOnlySpan<byte> data, out PesHeader header)
    {
        header = default;
        if (data.Length < 6)
        {
            return OperationStatus.NeedMoreData;
        }

        if (data[0] != 0 || data[1] != 0 || data[2] != 1)
        {
            throw new MpegTsProtocolException(MpegTsError.BadPesHeader, "PES packet without a start code prefix");
        }

        var streamId = data[3];
        var packetLength = BinaryPrimitives.ReadUInt16BigEndian(data[4..]);
        if (!HasOptionalHeader(streamId))
        {
            header = new PesHeader(streamId, packetLength, -1, -1, 6);
            return OperationStatus.Done;
        }

        if (data.Length < 9)
        {
            return OperationStatus.NeedMoreData;
        }

        if ((data[6] & 0xC0) != 0x80)
        {
            throw new MpegTsProtocolException(MpegTsError.BadPesHeader, "PES header without the '10' marker bits");
        }

        var ptsDtsFlags = data[7] >> 6;
        int headerDataLength = data[8];
        var headerLength = 9 + headerDataLength;
        if (packetLength != 0 && headerLength > packetLength + 6)
        {
            throw new MpegTsProtocolException(MpegTsError.BadPesHeader, "PES header longer than the PES packet");
        }

        var needed = ptsDtsFlags switch
        {
            2 => 5,
            3 => 10,
            1 => throw new MpegTsProtocolException(MpegTsError.BadPesHeader, "forbidden PTS_DTS_flags value 01"),
            _ => 0,
        };
        if (needed > headerDataLength)
        {
            throw new MpegTsProtocolException(MpegTsError.BadPesHeader, "PES header too short for its PTS/DTS");
        }

        if (data.Length < headerLength)
        {
            return OperationStatus.NeedMoreData;
        }

        long pts = -1, dts = -1;
        if (ptsDtsFlags >= 2)
        {
            pts = ReadTimestamp(data.Slice(9, 5));
            dts = ptsDtsFlags == 3 ? ReadTimestamp(data.Slice(14, 5)) : pts;
        }

        header = new PesHeader(streamId, packetLength, pts, dts, headerLength);
        return OperationStatus.Done;
    }

    /// <summary>§2.4.3.7: 4-bit prefix, 3 bits, marker, 15 bits, marker, 15 bits, marker.</summary>
    public static long ReadTimestamp(ReadOnlySpan<byte> b) =>
        ((long)(b[0] & 0x0E) << 29) | ((long)(b[1] << 7 | b[2] >> 1) << 15) | (uint)(b[3] << 7 | b[4] >> 1);

    /// <summary>Writes a 5-byte PTS or DTS field with the given 4-bit prefix (0b0010 PTS only, 0b0011 PTS with DTS, 0b0001 DTS).</summary>
    public static void WriteTimestamp(Span<byte> b, int prefix, long value)
    {
        value &= (1L << 33) - 1;
        b[0] = (byte)((prefix << 4) | (int)((value >> 29) & 0x0E) | 1);
        b[1] = (byte)(value >> 22);
        b[2] = (byte)(((value >> 14) & 0xFE) | 1);
        b[3] = (byte)(value >> 7);
        b[4] = (byte)(((value << 1) & 0xFE) | 1);
    }

    /// <summary>Table 2-21: these stream ids carry no optional PES header.</summary>
    private static bool HasOptionalHeader(byte streamId) =>
        streamId is not (0xBC or 0xBE or 0xBF or 0xF0 or 0xF1 or 0xFF or 0xF2 or 0xF8);
}
