using System.Buffers.Binary;

namespace MediaBroker.Formats.MpegTs;

/// <summary>
/// The 4-byte header and adaptation field of one 188-byte transport packet (ISO/IEC 13818-1 §2.4.3.2, §2.4.3.4).
/// <see cref="Pcr"/> is the 27 MHz program clock reference, or -1 when absent.
/// </summary>
internal readonly record struct TsPacketHeader(
    int Pid,
    bool PayloadUnitStart,
    bool TransportError,
    int ContinuityCounter,
    bool HasPayload,
    bool Discontinuity,
    bool RandomAccess,
    long Pcr,
    int PayloadOffset)
{
    public const int PacketSize = 188;
    public const byte SyncByte = 0x47;

    /// <summary>Reads the header of <paramref name="packet"/>; false when fewer than 188 bytes are given.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out TsPacketHeader header)
    {
        header = default;
        if (packet.Length < PacketSize)
        {
            return false;
        }

        if (packet[0] != SyncByte)
        {
            throw new MpegTsProtocolException(MpegTsError.BadSyncByte, "transport packet does not start with 0x47");
        }

        var pidWord = BinaryPrimitives.ReadUInt16BigEndian(packet[1..]);
        var afc = (packet[3] >> 4) & 0x3;
        var offset = 4;
        bool discontinuity = false, randomAccess = false;
        long pcr = -1;
        if ((afc & 0x2) != 0)
        {
            int afLength = packet[4];
            // §2.4.3.5: 0..182 when a payload follows, exactly 183 when it does not.
            if (afLength > ((afc & 0x1) != 0 ? 182 : 183))
            {
                throw new MpegTsProtocolException(MpegTsError.BadAdaptationField, "adaptation field longer than the packet");
            }

            if (afLength > 0)
            {
                var flags = packet[5];
                discontinuity = (flags & 0x80) != 0;
                randomAccess = (flags & 0x40) != 0;
                if ((flags & 0x10) != 0 && afLength >= 7)
                {
                    pcr = ReadPcr(packet.Slice(6, 6));
                }
            }

            offset = 5 + afLength;
        }

        header = new TsPacketHeader(
            Pid: pidWord & 0x1FFF,
            PayloadUnitStart: (pidWord & 0x4000) != 0,
            TransportError: (pidWord & 0x8000) != 0,
            ContinuityCounter: packet[3] & 0xF,
            HasPayload: (afc & 0x1) != 0 && offset < PacketSize,
            Discontinuity: discontinuity,
            RandomAccess: randomAccess,
            Pcr: pcr,
            PayloadOffset: offset);
        return true;
    }

    /// <summary>program_clock_reference_base (33 bits, 90 kHz) × 300 + extension (9 bits).</summary>
    private static long ReadPcr(ReadOnlySpan<byte> b)
    {
        var baseValue = ((long)BinaryPrimitives.ReadUInt32BigEndian(b) << 1) | (uint)(b[4] >> 7);
        var extension = ((b[4] & 0x1) << 8) | b[5];
        return (baseValue * 300) + extension;
    }
}
