namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>
/// Formats where each packet is one unit as is: Opus (RFC 7587 §4.2, one packet per RTP packet),
/// G.711/G.722 (RFC 3551) and linear PCM (L8/L16/L24, RFC 3551 §4.5.11 and RFC 3190).
/// </summary>
public sealed class SimpleAudioDepacketizer : RtpDepacketizer
{
    public SimpleAudioDepacketizer()
        : base(isVideo: false)
    {
    }

    protected override void ReadPayload(in RtpPacket packet, List<RtpDepacketizedUnit> output)
    {
        if (packet.Payload.Length == 0)
        {
            return; // comfort-noise gaps and keep-alives carry nothing
        }

        AddPayload(packet.Payload);
        CompleteUnit(output);
    }
}
