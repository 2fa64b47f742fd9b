using MediaBroker.Codecs.Mpeg12Video;

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
            var pictureType = Mpeg12VideoBitstream.PictureCodingType(frame);
            var hasSequenceHeader = Mpeg12VideoBitstream.StartsWithSequenceHeader(frame);
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
}
