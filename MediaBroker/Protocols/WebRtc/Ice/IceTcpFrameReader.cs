using System.Buffers;

namespace MediaBroker.Protocols.WebRtc.Ice;

/// <summary>
/// Reassembles RFC 4571 frames from one ICE-TCP connection's byte stream in a buffer allocated once per
/// connection: receive into <see cref="GetFreeSpace"/>, <see cref="Advance"/>, then <see cref="TryRead"/> until it
/// stops returning <see cref="OperationStatus.Done"/>. No I/O here, so both ends of ICE-TCP share it.
/// </summary>
internal sealed class IceTcpFrameReader
{
    private readonly byte[] _buffer;
    private readonly int _maxPayloadLength;
    private int _start;
    private int _end;

    /// <param name="maxPayloadLength">Longest frame accepted; a longer length prefix reads as <see cref="OperationStatus.InvalidData"/>.</param>
    /// <param name="readAhead">Room beyond one whole frame, so a receive can take the start of the next frames too.</param>
    public IceTcpFrameReader(int maxPayloadLength, int readAhead = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPayloadLength, IceTcpFraming.MaxFrameLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(readAhead);
        _maxPayloadLength = maxPayloadLength;
        _buffer = new byte[IceTcpFraming.PrefixLength + maxPayloadLength + readAhead];
    }

    /// <summary>Where the next receive goes; never empty. Frames returned before this call are overwritten by it.</summary>
    public Memory<byte> GetFreeSpace()
    {
        if (_start > 0)
        {
            // Only an incomplete frame is left (shorter than a whole one): move it to the front.
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        return _buffer.AsMemory(_end);
    }

    /// <summary>Counts <paramref name="count"/> received bytes written at the start of <see cref="GetFreeSpace"/>.</summary>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _end);
        _end += count;
    }

    /// <summary>The next whole frame's payload, valid until the next <see cref="GetFreeSpace"/>.</summary>
    public OperationStatus TryRead(out Memory<byte> payload)
    {
        payload = default;
        var status = IceTcpFraming.TryReadFrame(_buffer.AsSpan(_start, _end - _start), _maxPayloadLength, out var length);
        if (status == OperationStatus.Done)
        {
            payload = _buffer.AsMemory(_start + IceTcpFraming.PrefixLength, length);
            _start += IceTcpFraming.PrefixLength + length;
        }

        return status;
    }
}
