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
        payloads.Length > 0 && IsIntraFrame(payloads[0].Span);

    /// <summary>A VOP with vop_coding_type 0 (I-VOP), or a frame carrying the VOS/VOL configuration.</summary>
    internal static bool IsIntraFrame(ReadOnlySpan<byte> frame)
    {
        for (var i = 0; i + 4 < frame.Length; i++)
        {
            if (frame[i] == 0 && frame[i + 1] == 0 && frame[i + 2] == 1)
            {
                var code = frame[i + 3];
                if (code is 0xB0 or 0x20)
                {
                    return true; // visual object sequence or video object layer header
                }

                if (code == 0xB6)
                {
                    return frame[i + 4] >> 6 == 0;
                }
            }
        }

        return false;
    }
}
