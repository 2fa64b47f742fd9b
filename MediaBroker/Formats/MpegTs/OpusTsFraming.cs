namespace MediaBroker.Formats.MpegTs;

/// <summary>
/// Opus access units in MPEG-TS (ETSI TS 102 366 style "Opus in MPEG-TS" mapping): each packet is
/// preceded by an opus_control_header (11-bit prefix 0x3FF, trim and extension flags, au_size as a
/// run of 0xFF bytes plus a final byte). Packet durations come from <see cref="Codecs.Opus.OpusPacket"/>.
/// </summary>
internal static class OpusTsFraming
{
    /// <summary>Reads one control header; false when it is incomplete. The packet follows at <paramref name="headerLength"/>.</summary>
    public static bool TryReadControlHeader(ReadOnlySpan<byte> data, out int headerLength, out int packetLength)
    {
        headerLength = packetLength = 0;
        if (data.Length < 3)
        {
            return false;
        }

        if (data[0] != 0x7F || (data[1] & 0xE0) != 0xE0)
        {
            throw new MpegTsProtocolException(MpegTsError.BadElementaryStream, "Opus control header prefix missing");
        }

        bool startTrim = (data[1] & 0x10) != 0, endTrim = (data[1] & 0x08) != 0, extension = (data[1] & 0x04) != 0;
        var pos = 2;
        var size = 0;
        while (true)
        {
            if (pos >= data.Length)
            {
                return false;
            }

            var b = data[pos++];
            size += b;
            if (b != 0xFF)
            {
                break;
            }
        }

        pos += (startTrim ? 2 : 0) + (endTrim ? 2 : 0);
        if (extension)
        {
            if (pos >= data.Length)
            {
                return false;
            }

            pos += 1 + data[pos];
        }

        if (pos > data.Length)
        {
            return false;
        }

        headerLength = pos;
        packetLength = size;
        return true;
    }

    /// <summary>Writes a control header without trims for a packet of <paramref name="packetLength"/> bytes; returns its length.</summary>
    public static int WriteControlHeader(Span<byte> dst, int packetLength)
    {
        dst[0] = 0x7F;
        dst[1] = 0xE0;
        var pos = 2;
        while (packetLength >= 255)
        {
            dst[pos++] = 0xFF;
            packetLength -= 255;
        }

        dst[pos++] = (byte)packetLength;
        return pos;
    }

    public static int ControlHeaderLength(int packetLength) => 3 + (packetLength / 255);
}
