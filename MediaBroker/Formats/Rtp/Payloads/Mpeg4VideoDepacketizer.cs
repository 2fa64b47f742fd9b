using MediaBroker.Codecs.Mpeg4Video;

namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>MPEG-4 Part 2 video (RFC 6416 §5.1, MP4V-ES): the payload is the bitstream itself; the marker ends a frame.</summary>
public sealed class Mpeg4VideoDepacketizer : RtpDepacketizer
{
    public Mpeg4VideoDepacketizer()
        : base(isVideo: true)
    {
    }

    protected override void ReadPayload(in RtpPacket packet, List<RtpDepacketizedUnit> output)
    {
        if (!InFragment)
        {
            StartFragment();
        }

        AppendFragment(packet.Payload);
        if (packet.Marker)
        {
            EndFragment([]);
            CompleteUnit(output);
        }
    }

    protected override bool IsRandomAccess(ReadOnlySpan<ReadOnlyMemory<byte>> payloads) =>
        payloads.Length > 0 && Mpeg4VideoBitstream.IsKeyFrame(payloads[0].Span);
}
