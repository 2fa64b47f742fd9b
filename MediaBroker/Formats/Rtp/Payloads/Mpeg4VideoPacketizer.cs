namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>MPEG-4 Part 2 video packetizer (RFC 6416): the frame split into payload-sized chunks, marker on the last.</summary>
public sealed class Mpeg4VideoPacketizer : RtpPacketizer
{
    public Mpeg4VideoPacketizer(RtpPacketizerOptions options)
        : base(options)
    {
    }

    protected override void Write(ReadOnlySpan<ReadOnlyMemory<byte>> payloads, RtpPacketWriter writer)
    {
        for (var f = 0; f < payloads.Length; f++)
        {
            var body = payloads[f].Span;
            do
            {
                var n = Math.Min(body.Length, MaxPayloadSize);
                writer.StartPacket();
                writer.Append(body[..n]);
                body = body[n..];
                End(body.Length == 0 && f == payloads.Length - 1);
            }
            while (body.Length > 0);
        }
    }
}
