namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>
/// Writes the packets of one unit back to back into a single new buffer (one allocation per unit; the
/// result is shared, immutable, by every reader), then hands out one slice per packet.
/// </summary>
public sealed class RtpPacketWriter
{
    private readonly List<(int Start, int Length)> _packets = [];
    private byte[] _buffer = [];
    private int _length;
    private int _packetStart = -1;

    internal void Begin(int estimatedBytes)
    {
        _buffer = new byte[Math.Max(estimatedBytes, 64)];
        _length = 0;
        _packets.Clear();
        _packetStart = -1;
    }

    /// <summary>Payload bytes written so far in the open packet.</summary>
    public int PayloadLength => _packetStart < 0 ? 0 : _length - _packetStart - RtpHeader.FixedLength;

    public bool IsPacketOpen => _packetStart >= 0;

    public void StartPacket()
    {
        if (_packetStart >= 0)
        {
            throw new InvalidOperationException("previous packet not ended");
        }

        Ensure(RtpHeader.FixedLength);
        _packetStart = _length;
        _length += RtpHeader.FixedLength;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void Append(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    /// <summary>Reserves <paramref name="count"/> bytes to fill later (an AU-header section, say); returns their offset.</summary>
    public int Reserve(int count)
    {
        Ensure(count);
        var at = _length;
        _length += count;
        return at;
    }

    public Span<byte> At(int offset, int count) => _buffer.AsSpan(offset, count);

    internal void EndPacket(bool marker, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc)
    {
        RtpHeader.WriteFixed(_buffer.AsSpan(_packetStart), marker, payloadType, sequenceNumber, timestamp, ssrc);
        _packets.Add((_packetStart, _length - _packetStart));
        _packetStart = -1;
    }

    internal ReadOnlyMemory<byte>[] Finish()
    {
        var result = new ReadOnlyMemory<byte>[_packets.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new ReadOnlyMemory<byte>(_buffer, _packets[i].Start, _packets[i].Length);
        }

        _buffer = [];
        return result;
    }

    private void Ensure(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}
