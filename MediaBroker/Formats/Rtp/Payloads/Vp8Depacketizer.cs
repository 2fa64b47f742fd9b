namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>VP8 (RFC 7741): strips the payload descriptor (§4.2) and joins the partitions of one frame.</summary>
public sealed class Vp8Depacketizer : RtpDepacketizer
{
    public Vp8Depacketizer()
        : base(isVideo: true)
    {
    }

    protected override void ReadPayload(in RtpPacket packet, List<RtpDepacketizedUnit> output)
    {
        var p = packet.Payload.Span;
        if (p.Length < 1)
        {
            throw new RtpProtocolException("empty VP8 payload");
        }

        var offset = 1;
        if ((p[0] & 0x80) != 0)
        {
            // X: extension byte with I (picture ID), L (TL0PICIDX), T/K (TID/KEYIDX).
            Need(p, 2);
            var x = p[1];
            offset = 2;
            if ((x & 0x80) != 0)
            {
                Need(p, offset + 1);
                offset += (p[offset] & 0x80) != 0 ? 2 : 1;
            }

            if ((x & 0x40) != 0)
            {
                offset++;
            }

            if ((x & 0x30) != 0)
            {
                offset++;
            }
        }

        Need(p, offset + 1);
        var startOfPartition = (p[0] & 0x10) != 0;
        var partitionIndex = p[0] & 0x07;
        if (startOfPartition && partitionIndex == 0)
        {
            if (InFragment)
            {
                throw new RtpProtocolException("VP8 frame start inside a frame");
            }

            StartFragment();
        }

        AppendFragment(packet.Payload[offset..]);
        if (packet.Marker)
        {
            EndFragment([]);
            CompleteUnit(output);
        }
    }

    // Frame tag bit 0 is the inverse key frame flag (RFC 6386 §9.1).
    protected override bool IsRandomAccess(ReadOnlySpan<ReadOnlyMemory<byte>> payloads) =>
        payloads.Length > 0 && payloads[0].Length > 0 && (payloads[0].Span[0] & 1) == 0;

    private static void Need(ReadOnlySpan<byte> p, int n)
    {
        if (p.Length < n)
        {
            throw new RtpProtocolException("truncated VP8 payload descriptor");
        }
    }
}
