namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>MP4A-LATM packetizer (RFC 6416 §6.1, cpresent=0): one AU per AudioMuxElement, fragmented when too big.</summary>
public sealed class LatmPacketizer : RtpPacketizer
{
    private readonly int _samplesPerAccessUnit;

    public LatmPacketizer(RtpPacketizerOptions options, int samplesPerAccessUnit = 1024)
        : base(options)
    {
        _samplesPerAccessUnit = samplesPerAccessUnit;
    }

    protected override void Write(ReadOnlySpan<ReadOnlyMemory<byte>> payloads, RtpPacketWriter writer)
    {
        for (var a = 0; a < payloads.Length; a++)
        {
            var timestamp = UnitTimestamp + (uint)(a * _samplesPerAccessUnit);
            var au = payloads[a].Span;
            var prefix = (au.Length / 255) + 1;
            var remainingPrefix = prefix;
            var body = au;
            do
            {
                writer.StartPacket();
                while (remainingPrefix > 0 && writer.PayloadLength < MaxPayloadSize)
                {
                    writer.Append(remainingPrefix == 1 ? (byte)(au.Length % 255) : (byte)255);
                    remainingPrefix--;
                }

                var n = Math.Min(body.Length, MaxPayloadSize - writer.PayloadLength);
                writer.Append(body[..n]);
                body = body[n..];
                End(body.Length == 0 && remainingPrefix == 0, timestamp);
            }
            while (body.Length > 0 || remainingPrefix > 0);
        }
    }
}
