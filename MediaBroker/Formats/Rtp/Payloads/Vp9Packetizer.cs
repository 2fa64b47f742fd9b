using MediaBroker.Codecs.Vp9;

namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>VP9 packetizer: non-flexible mode with a 15-bit picture ID, P for inter frames, B/E around each frame.</summary>
public sealed class Vp9Packetizer : RtpPacketizer
{
    private ushort _pictureId;

    public Vp9Packetizer(RtpPacketizerOptions options)
        : base(options)
    {
        _pictureId = (ushort)(options.InitialSequenceNumber & 0x7FFF);
    }

    protected override void Write(ReadOnlySpan<ReadOnlyMemory<byte>> payloads, RtpPacketWriter writer)
    {
        for (var f = 0; f < payloads.Length; f++)
        {
            var body = payloads[f].Span;
            var inter = !Vp9FrameHeader.IsKeyFrame(body);
            var first = true;
            while (body.Length > 0 || first)
            {
                var n = Math.Min(body.Length, MaxPayloadSize - 3);
                var end = n == body.Length;
                writer.StartPacket();
                writer.Append((byte)(0x80 | (inter ? 0x40 : 0) | (first ? 0x08 : 0) | (end ? 0x04 : 0)));
                writer.Append((byte)(0x80 | (_pictureId >> 8)));
                writer.Append((byte)_pictureId);
                writer.Append(body[..n]);
                body = body[n..];
                End(end && f == payloads.Length - 1);
                first = false;
            }
        }

        _pictureId = (ushort)((_pictureId + 1) & 0x7FFF);
    }
}
