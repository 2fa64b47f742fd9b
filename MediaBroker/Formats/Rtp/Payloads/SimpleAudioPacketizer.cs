namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>
/// Opus, G.711, G.722 and LPCM packetizer. Opus packets go one per RTP packet. Sample formats are split
/// on whole sample frames when too big, the timestamp advancing by the samples already sent.
/// </summary>
public sealed class SimpleAudioPacketizer : RtpPacketizer
{
    private readonly int _bytesPerFrame;
    private readonly double _ticksPerByte;

    /// <param name="bytesPerSampleFrame">Bytes of one sample for all channels; 0 for Opus (never split).</param>
    /// <param name="clockTicksPerSampleFrame">RTP clock ticks per sample frame (0.5 for G.722: 16 kHz samples on an 8 kHz clock).</param>
    public SimpleAudioPacketizer(RtpPacketizerOptions options, int bytesPerSampleFrame, double clockTicksPerSampleFrame = 1)
        : base(options)
    {
        _bytesPerFrame = bytesPerSampleFrame;
        _ticksPerByte = bytesPerSampleFrame == 0 ? 0 : clockTicksPerSampleFrame / bytesPerSampleFrame;
    }

    protected override void Write(ReadOnlySpan<ReadOnlyMemory<byte>> payloads, RtpPacketWriter writer)
    {
        var sent = 0L;
        foreach (var payload in payloads)
        {
            var body = payload.Span;
            if (_bytesPerFrame == 0)
            {
                writer.StartPacket();
                writer.Append(body);
                End(false);
                continue;
            }

            var chunk = Math.Max(_bytesPerFrame, MaxPayloadSize / _bytesPerFrame * _bytesPerFrame);
            while (body.Length > 0)
            {
                var n = Math.Min(chunk, body.Length);
                writer.StartPacket();
                writer.Append(body[..n]);
                End(false, UnitTimestamp + (uint)Math.Round(sent * _ticksPerByte));
                sent += n;
                body = body[n..];
            }
        }
    }
}
