namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>
/// AAC in MP4A-LATM with cpresent=0 (RFC 6416 §6.1): each AudioMuxElement is PayloadLengthInfo
/// (bytes of 255 plus a final byte) then the AU; an element can span packets, the marker ending it.
/// The configuration comes out of band (SDP config=), so in-band StreamMuxConfig is not expected.
/// </summary>
public sealed class LatmDepacketizer : RtpDepacketizer
{
    public LatmDepacketizer()
        : base(isVideo: false)
    {
    }

    protected override void ReadPayload(in RtpPacket packet, List<RtpDepacketizedUnit> output)
    {
        if (!InFragment)
        {
            StartFragment();
        }

        AppendFragment(packet.Payload);
        if (!packet.Marker)
        {
            return;
        }

        // Join, then split the mux element into AUs (normally one).
        var element = JoinFragment([]);
        while (element.Length > 0)
        {
            var span = element.Span;
            var length = 0;
            var i = 0;
            while (true)
            {
                if (i >= span.Length)
                {
                    throw new RtpProtocolException("truncated LATM PayloadLengthInfo");
                }

                length += span[i];
                if (span[i++] != 255)
                {
                    break;
                }
            }

            if (length > span.Length - i)
            {
                throw new RtpProtocolException("LATM payload overruns the element");
            }

            AddPayload(element.Slice(i, length));
            element = element[(i + length)..];
        }

        CompleteUnit(output);
    }
}
