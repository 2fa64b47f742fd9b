namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>MPEG-1/2 video packetizer (RFC 2250 §3.4): picture type and begin/end-of-slice bits in a 4-byte header.</summary>
public sealed class Mpeg12VideoPacketizer : RtpPacketizer
{
    public Mpeg12VideoPacketizer(RtpPacketizerOptions options)
        : base(options)
    {
    }

    protected override void Write(ReadOnlySpan<ReadOnlyMemory<byte>> payloads, RtpPacketWriter writer)
    {
        for (var f = 0; f < payloads.Length; f++)
        {
            var frame = payloads[f].Span;
            var pictureType = PictureType(frame);
            var hasSequenceHeader = frame.Length >= 4 && frame[0] == 0 && frame[1] == 0 && frame[2] == 1 && frame[3] == 0xB3;
            var body = frame;
            var first = true;
            do
            {
                var n = Math.Min(body.Length, MaxPayloadSize - 4);
                var end = n == body.Length;
                writer.StartPacket();
                writer.Append(0);
                writer.Append(0);
                writer.Append((byte)((first && hasSequenceHeader ? 0x20 : 0) | (first ? 0x10 : 0) | (end ? 0x08 : 0) | pictureType));
                writer.Append(0);
                writer.Append(body[..n]);
                body = body[n..];
                End(end && f == payloads.Length - 1);
                first = false;
            }
            while (body.Length > 0);
        }
    }

    private static int PictureType(ReadOnlySpan<byte> frame)
    {
        for (var i = 0; i + 5 < frame.Length; i++)
        {
            if (frame[i] == 0 && frame[i + 1] == 0 && frame[i + 2] == 1 && frame[i + 3] == 0)
            {
                return (frame[i + 5] >> 3) & 0x07; // temporal_reference(10) then picture_coding_type(3)
            }
        }

        return 0;
    }
}
