using MediaBroker.Codecs.Av1;

namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>
/// AV1 (AOM "RTP Payload Format for AV1" §4.4): the aggregation header Z|Y|W|N, OBU elements with LEB128
/// lengths (all but the last when W is set), and OBUs fragmented across packets. Units are temporal
/// units: OBUs as sent on RTP, without obu_size fields.
/// </summary>
public sealed class Av1Depacketizer : RtpDepacketizer
{
    public Av1Depacketizer()
        : base(isVideo: true)
    {
    }

    protected override void ReadPayload(in RtpPacket packet, List<RtpDepacketizedUnit> output)
    {
        var payload = packet.Payload;
        if (payload.Length < 1)
        {
            throw new RtpProtocolException("empty AV1 payload");
        }

        var header = payload.Span[0];
        var z = (header & 0x80) != 0;
        var y = (header & 0x40) != 0;
        var w = (header >> 4) & 0x03;
        var body = payload[1..];
        if (!z && InFragment)
        {
            throw new RtpProtocolException("AV1 OBU fragment not continued");
        }

        if (z && !InFragment)
        {
            throw new RtpProtocolException("AV1 continuation without a fragment start");
        }

        var index = 0;
        while (body.Length > 0)
        {
            index++;
            int length;
            if (w != 0 && index == w)
            {
                length = body.Length;
            }
            else
            {
                // An over-long LEB128 throws CodecProtocolException, which discards the unit like ours.
                if (!Leb128.TryRead(body.Span, out var len, out var n) || len > (uint)(body.Length - n))
                {
                    throw new RtpProtocolException("AV1 OBU element length overruns the packet");
                }

                body = body[n..];
                length = (int)len;
            }

            var element = body[..length];
            body = body[length..];
            var lastElement = body.Length == 0;
            var continues = index == 1 && z;
            var fragmented = lastElement && y;
            if (continues)
            {
                AppendFragment(element);
                if (!fragmented)
                {
                    EndFragment([]);
                }
            }
            else if (fragmented)
            {
                StartFragment();
                AppendFragment(element);
            }
            else if (element.Length > 0)
            {
                AddPayload(element);
            }
        }

        if (packet.Marker)
        {
            CompleteUnit(output);
        }
    }

    // A temporal unit that carries a sequence header starts a coded video sequence, as MediaMTX assumes.
    protected override bool IsRandomAccess(ReadOnlySpan<ReadOnlyMemory<byte>> payloads)
    {
        foreach (var obu in payloads)
        {
            if (obu.Length > 0 && ((obu.Span[0] >> 3) & 0x0F) == 1)
            {
                return true;
            }
        }

        return false;
    }
}
