namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>
/// MPEG-1/2 video (RFC 2250 §3.4, payload type 32): a 4-byte video-specific header (plus a 4-byte
/// MPEG-2 extension when T is set) before each slice of the picture; the marker ends the picture.
/// </summary>
public sealed class Mpeg12VideoDepacketizer : RtpDepacketizer
{
    private int _pictureType;

    public Mpeg12VideoDepacketizer()
        : base(isVideo: true)
    {
    }

    protected override void ReadPayload(in RtpPacket packet, List<RtpDepacketizedUnit> output)
    {
        var p = packet.Payload.Span;
        if (p.Length < 4)
        {
            throw new RtpProtocolException("truncated MPEG video header");
        }

        var headerLength = (p[0] & 0x04) != 0 ? 8 : 4;
        if (p.Length < headerLength)
        {
            throw new RtpProtocolException("truncated MPEG-2 video extension header");
        }

        if (!InFragment)
        {
            StartFragment();
            _pictureType = p[2] & 0x07;
        }

        AppendFragment(packet.Payload[headerLength..]);
        if (packet.Marker)
        {
            EndFragment([]);
            CompleteUnit(output);
        }
    }

    // P = 1 is an I picture (RFC 2250 §3.4).
    protected override bool IsRandomAccess(ReadOnlySpan<ReadOnlyMemory<byte>> payloads) => _pictureType == 1;
}
