using MediaBroker.Codecs;

namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>
/// Turns units of one track into RTP packets no larger than <see cref="MaxPayloadSize"/> bytes of
/// payload, keeping one continuous sequence and SSRC. Subclasses lay out the payload format; this
/// class numbers and stamps the packets. Not thread-safe: one writer (the stream encoder) per track.
/// </summary>
public abstract class RtpPacketizer
{
    private readonly RtpPacketWriter _writer = new();
    private uint _timestamp;

    protected RtpPacketizer(RtpPacketizerOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPayloadSize, 64);
        PayloadType = options.PayloadType;
        MaxPayloadSize = options.MaxPayloadSize;
        Ssrc = options.Ssrc;
        NextSequenceNumber = options.InitialSequenceNumber;
    }

    public byte PayloadType { get; }

    public int MaxPayloadSize { get; }

    public uint Ssrc { get; }

    /// <summary>Sequence number of the next packet (RTSP <c>RTP-Info: seq=</c>).</summary>
    public ushort NextSequenceNumber { get; private set; }

    /// <summary>Packets and payload octets sent, for RTCP sender reports.</summary>
    public uint PacketCount { get; private set; }

    public uint OctetCount { get; private set; }

    /// <summary>Packetizes one unit whose first sample is at <paramref name="timestamp"/>.</summary>
    public ReadOnlyMemory<byte>[] Packetize(ReadOnlySpan<ReadOnlyMemory<byte>> payloads, uint timestamp)
    {
        var total = 0;
        foreach (var p in payloads)
        {
            total += p.Length;
        }

        _timestamp = timestamp;
        _writer.Begin(total + (((total / Math.Max(1, MaxPayloadSize - 16)) + payloads.Length + 2) * 24));
        Write(payloads, _writer);
        if (_writer.IsPacketOpen)
        {
            throw new InvalidOperationException("packetizer left a packet open");
        }

        return _writer.Finish();
    }

    /// <summary>Copies packets of another sender, giving them this track's SSRC, sequence and payload type.</summary>
    public ReadOnlyMemory<byte>[] Forward(ReadOnlySpan<ReadOnlyMemory<byte>> packets, uint timestamp)
    {
        var total = 0;
        foreach (var p in packets)
        {
            total += p.Length;
        }

        _writer.Begin(total);
        foreach (var raw in packets)
        {
            if (!RtpPacket.TryParse(raw, out var p))
            {
                continue;
            }

            _writer.StartPacket();
            _writer.Append(p.Payload.Span);
            End(p.Marker, timestamp);
        }

        return _writer.Finish();
    }

    /// <summary>The track's parameters changed (new SPS/PPS...).</summary>
    public virtual void UpdateCodec(Codec codec)
    {
    }

    /// <summary>Lays out one unit: StartPacket, Append..., <see cref="End"/> per packet.</summary>
    protected abstract void Write(ReadOnlySpan<ReadOnlyMemory<byte>> payloads, RtpPacketWriter writer);

    /// <summary>Closes the open packet with the unit's timestamp.</summary>
    protected void End(bool marker) => End(marker, _timestamp);

    /// <summary>Closes the open packet with an explicit timestamp (audio split across packets).</summary>
    protected void End(bool marker, uint timestamp)
    {
        OctetCount += (uint)_writer.PayloadLength;
        PacketCount++;
        _writer.EndPacket(marker, PayloadType, NextSequenceNumber++, timestamp, Ssrc);
    }

    protected uint UnitTimestamp => _timestamp;
}
