using System.Buffers.Binary;

namespace MediaBroker.Bench;

/// <summary>
/// The latency marker: an H.264 SEI NAL unit (type 6) holding one user_data_unregistered message (payloadType 5,
/// H.264 D.1.7) made of our 16-byte UUID, an 8-byte frame sequence number and the 8-byte send time
/// (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>; publisher and readers share the process, so the clocks agree).
/// The UUID has no zero byte, so it is never touched by emulation prevention and can be found with a plain byte search
/// in any framing (Annex B, AVCC, RTP single NAL / STAP-A) without depacketizing.
/// </summary>
internal static class SeiMarker
{
    /// <summary>Payload bytes: UUID + sequence + time.</summary>
    public const int PayloadSize = 32;

    /// <summary>The worst case size of the NAL unit: header, type, size, payload with every emulation byte, trailing bits.</summary>
    public const int MaxNalSize = 3 + PayloadSize + (PayloadSize / 2) + 1;

    /// <summary>"mediabroker-lat!" with the high bits set so that no byte is 0x00..0x03.</summary>
    public static ReadOnlySpan<byte> Uuid => [0xED, 0xE5, 0xE4, 0xE9, 0xE1, 0xE2, 0xF2, 0xEF, 0xEB, 0xE5, 0xF2, 0xAD, 0xEC, 0xE1, 0xF4, 0xA1];

    /// <summary>Writes the SEI NAL unit (no start code, no length prefix) and returns its length.</summary>
    public static int Write(Span<byte> destination, long sequence, long sendTimestamp)
    {
        Span<byte> rbsp = stackalloc byte[PayloadSize];
        Uuid.CopyTo(rbsp);
        BinaryPrimitives.WriteInt64BigEndian(rbsp[16..], sequence);
        BinaryPrimitives.WriteInt64BigEndian(rbsp[24..], sendTimestamp);
        destination[0] = 0x06; // forbidden_zero 0, nal_ref_idc 0, type 6
        destination[1] = 5; // payloadType user_data_unregistered
        destination[2] = PayloadSize; // payloadSize (< 255: one byte)
        var n = 3;
        var zeros = 0;
        foreach (var b in rbsp)
        {
            // Emulation prevention (7.4.1): 00 00 followed by 00..03 gets an 03 in between.
            if (zeros >= 2 && b <= 3)
            {
                destination[n++] = 3;
                zeros = 0;
            }

            destination[n++] = b;
            zeros = b == 0 ? zeros + 1 : 0;
        }

        // rbsp_trailing_bits; the payload ends in a non-zero byte only by chance, and 0x80 after 00 00 needs no escape.
        destination[n++] = 0x80;
        return n;
    }

    /// <summary>Finds the marker in <paramref name="data"/> and reads its sequence and send time; false if absent or cut short.</summary>
    public static bool TryFind(ReadOnlySpan<byte> data, out long sequence, out long sendTimestamp)
    {
        sequence = 0;
        sendTimestamp = 0;
        var at = data.IndexOf(Uuid);
        if (at < 0)
        {
            return false;
        }

        Span<byte> fields = stackalloc byte[16];
        var filled = 0;
        var zeros = 0;
        for (var i = at + Uuid.Length; i < data.Length && filled < fields.Length; i++)
        {
            var b = data[i];
            if (zeros >= 2 && b == 3)
            {
                zeros = 0;
                continue;
            }

            fields[filled++] = b;
            zeros = b == 0 ? zeros + 1 : 0;
        }

        if (filled < fields.Length)
        {
            return false;
        }

        sequence = BinaryPrimitives.ReadInt64BigEndian(fields);
        sendTimestamp = BinaryPrimitives.ReadInt64BigEndian(fields[8..]);
        return true;
    }
}
