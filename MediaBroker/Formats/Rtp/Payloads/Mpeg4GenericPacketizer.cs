namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>
/// AAC-hbr packetizer (RFC 3640 §3.3.6: sizelength 13, indexlength 3, indexdeltalength 3): as many AUs per
/// packet as fit, with one 16-bit AU header each; an AU too big for a packet is fragmented, each piece
/// repeating its AU header, the marker only on the last piece.
/// </summary>
public sealed class Mpeg4GenericPacketizer : RtpPacketizer
{
    /// <summary>Samples per AAC access unit (1024, or 960/2048 for rare variants): the timestamp step between AUs.</summary>
    private readonly int _samplesPerAccessUnit;

    public Mpeg4GenericPacketizer(RtpPacketizerOptions options, int samplesPerAccessUnit = 1024)
        : base(options)
    {
        _samplesPerAccessUnit = samplesPerAccessUnit;
    }

    protected override void Write(ReadOnlySpan<ReadOnlyMemory<byte>> payloads, RtpPacketWriter writer)
    {
        var i = 0;
        while (i < payloads.Length)
        {
            var timestamp = UnitTimestamp + (uint)(i * _samplesPerAccessUnit);
            var au = payloads[i].Span;
            if (au.Length > 0x1FFF)
            {
                throw new InvalidOperationException("AAC access unit larger than 13-bit AU-size");
            }

            if (4 + au.Length > MaxPayloadSize)
            {
                WriteFragments(writer, au, timestamp);
                i++;
                continue;
            }

            // Count how many AUs fit together.
            var count = 0;
            var size = 2;
            while (i + count < payloads.Length && payloads[i + count].Length <= 0x1FFF && size + 2 + payloads[i + count].Length <= MaxPayloadSize)
            {
                size += 2 + payloads[i + count].Length;
                count++;
            }

            writer.StartPacket();
            writer.Append((byte)((count * 16) >> 8));
            writer.Append((byte)(count * 16));
            for (var k = 0; k < count; k++)
            {
                writer.Append((byte)(payloads[i + k].Length >> 5));
                writer.Append((byte)(payloads[i + k].Length << 3));
            }

            for (var k = 0; k < count; k++)
            {
                writer.Append(payloads[i + k].Span);
            }

            End(true, timestamp);
            i += count;
        }
    }

    private void WriteFragments(RtpPacketWriter writer, ReadOnlySpan<byte> au, uint timestamp)
    {
        var body = au;
        while (body.Length > 0)
        {
            var n = Math.Min(body.Length, MaxPayloadSize - 4);
            writer.StartPacket();
            writer.Append(0);
            writer.Append(16);
            writer.Append((byte)(au.Length >> 5));
            writer.Append((byte)(au.Length << 3));
            writer.Append(body[..n]);
            body = body[n..];
            End(body.Length == 0, timestamp);
        }
    }
}
