using MediaBroker.Codecs.Vp9;

namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>
/// VP9 (draft-ietf-payload-vp9 / RFC 9628 §4.2): strips the payload descriptor, including layer indices,
/// reference indices and the scalability structure, and joins the packets of one frame (B ... E).
/// </summary>
public sealed class Vp9Depacketizer : RtpDepacketizer
{
    public Vp9Depacketizer()
        : base(isVideo: true)
    {
    }

    protected override void ReadPayload(in RtpPacket packet, List<RtpDepacketizedUnit> output)
    {
        var p = packet.Payload.Span;
        var offset = DescriptorLength(p);
        var begin = (p[0] & 0x08) != 0;
        var end = (p[0] & 0x04) != 0;
        if (begin)
        {
            StartFragment();
        }

        AppendFragment(packet.Payload[offset..]);
        if (end)
        {
            EndFragment([]);
        }

        if (packet.Marker)
        {
            CompleteUnit(output);
        }
    }

    protected override bool IsRandomAccess(ReadOnlySpan<ReadOnlyMemory<byte>> payloads) =>
        payloads.Length > 0 && Vp9FrameHeader.IsKeyFrame(payloads[0].Span);

    internal static int DescriptorLength(ReadOnlySpan<byte> p)
    {
        Need(p, 1);
        var b = p[0];
        bool i = (b & 0x80) != 0, pFlag = (b & 0x40) != 0, l = (b & 0x20) != 0, f = (b & 0x10) != 0, v = (b & 0x02) != 0;
        var offset = 1;
        if (i)
        {
            Need(p, offset + 1);
            offset += (p[offset] & 0x80) != 0 ? 2 : 1;
        }

        if (l)
        {
            offset += f ? 1 : 2; // layer indices, plus TL0PICIDX in non-flexible mode
        }

        if (f && pFlag)
        {
            // Up to three P_DIFF bytes, N bit chaining them.
            for (var k = 0; k < 3; k++)
            {
                Need(p, offset + 1);
                var more = (p[offset++] & 0x01) != 0;
                if (!more)
                {
                    break;
                }
            }
        }

        if (v)
        {
            Need(p, offset + 1);
            var ss = p[offset++];
            var spatialLayers = (ss >> 5) + 1;
            if ((ss & 0x10) != 0)
            {
                offset += spatialLayers * 4;
            }

            if ((ss & 0x08) != 0)
            {
                Need(p, offset + 1);
                var groups = p[offset++];
                for (var g = 0; g < groups; g++)
                {
                    Need(p, offset + 1);
                    var refs = (p[offset++] >> 2) & 0x03;
                    offset += refs;
                }
            }
        }

        Need(p, offset + 1);
        return offset;
    }

    private static void Need(ReadOnlySpan<byte> p, int n)
    {
        if (p.Length < n)
        {
            throw new RtpProtocolException("truncated VP9 payload descriptor");
        }
    }
}
