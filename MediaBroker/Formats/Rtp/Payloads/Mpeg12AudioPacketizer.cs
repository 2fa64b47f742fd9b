namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>MPEG-1/2 audio packetizer (RFC 2250 §3.5): whole frames grouped per packet, bigger frames fragmented with offsets.</summary>
public sealed class Mpeg12AudioPacketizer : RtpPacketizer
{
    public Mpeg12AudioPacketizer(RtpPacketizerOptions options)
        : base(options)
    {
    }

    protected override void Write(ReadOnlySpan<ReadOnlyMemory<byte>> payloads, RtpPacketWriter writer)
    {
        var i = 0;
        while (i < payloads.Length)
        {
            var frame = payloads[i].Span;
            if (4 + frame.Length > MaxPayloadSize)
            {
                var offset = 0;
                while (offset < frame.Length)
                {
                    var n = Math.Min(frame.Length - offset, MaxPayloadSize - 4);
                    writer.StartPacket();
                    writer.Append(0);
                    writer.Append(0);
                    writer.Append((byte)(offset >> 8));
                    writer.Append((byte)offset);
                    writer.Append(frame.Slice(offset, n));
                    End(false);
                    offset += n;
                }

                i++;
                continue;
            }

            writer.StartPacket();
            writer.Append(0);
            writer.Append(0);
            writer.Append(0);
            writer.Append(0);
            while (i < payloads.Length && writer.PayloadLength + payloads[i].Length <= MaxPayloadSize)
            {
                writer.Append(payloads[i].Span);
                i++;
            }

            End(false);
        }
    }
}
