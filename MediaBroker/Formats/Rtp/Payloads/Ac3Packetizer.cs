namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>AC-3 packetizer (RFC 4184): whole frames grouped (FT 0), or one frame fragmented (FT 1/2 then 3).</summary>
public sealed class Ac3Packetizer : RtpPacketizer
{
    private readonly int _samplesPerFrame = 1536;

    public Ac3Packetizer(RtpPacketizerOptions options)
        : base(options)
    {
    }

    protected override void Write(ReadOnlySpan<ReadOnlyMemory<byte>> payloads, RtpPacketWriter writer)
    {
        var i = 0;
        while (i < payloads.Length)
        {
            var timestamp = UnitTimestamp + (uint)(i * _samplesPerFrame);
            var frame = payloads[i].Span;
            if (2 + frame.Length > MaxPayloadSize)
            {
                var chunk = MaxPayloadSize - 2;
                var fragments = (frame.Length + chunk - 1) / chunk;
                // FT 1 when the first fragment holds at least 5/8 of the frame (RFC 4184 §4.1.1).
                var first = chunk * 8 >= frame.Length * 5 ? 1 : 2;
                for (var k = 0; k < fragments; k++)
                {
                    var part = frame.Slice(k * chunk, Math.Min(chunk, frame.Length - (k * chunk)));
                    writer.StartPacket();
                    writer.Append((byte)(k == 0 ? first : 3));
                    writer.Append((byte)Math.Min(fragments, 255));
                    writer.Append(part);
                    End(k == fragments - 1, timestamp);
                }

                i++;
                continue;
            }

            writer.StartPacket();
            var countAt = writer.Reserve(2);
            var count = 0;
            while (i < payloads.Length && writer.PayloadLength + payloads[i].Length <= MaxPayloadSize)
            {
                writer.Append(payloads[i].Span);
                i++;
                count++;
            }

            writer.At(countAt, 2)[0] = 0;
            writer.At(countAt, 2)[1] = (byte)count;
            End(true, timestamp);
        }
    }
}
