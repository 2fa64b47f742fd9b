namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>VP8 packetizer (RFC 7741): a descriptor with a 15-bit picture ID (as browsers expect), S on the first packet.</summary>
public sealed class Vp8Packetizer : RtpPacketizer
{
    private ushort _pictureId;

    public Vp8Packetizer(RtpPacketizerOptions options)
        : base(options)
    {
        _pictureId = (ushort)(options.InitialSequenceNumber & 0x7FFF);
    }

    protected override void Write(ReadOnlySpan<ReadOnlyMemory<byte>> payloads, RtpPacketWriter writer)
    {
        foreach (var frame in payloads)
        {
            var body = frame.Span;
            var first = true;
            while (body.Length > 0 || first)
            {
                var n = Math.Min(body.Length, MaxPayloadSize - 4);
                writer.StartPacket();
                writer.Append((byte)(0x80 | (first ? 0x10 : 0)));
                writer.Append(0x80);
                writer.Append((byte)(0x80 | (_pictureId >> 8)));
                writer.Append((byte)_pictureId);
                writer.Append(body[..n]);
                body = body[n..];
                End(body.Length == 0);
                first = false;
            }

            _pictureId = (ushort)((_pictureId + 1) & 0x7FFF);
        }
    }
}
