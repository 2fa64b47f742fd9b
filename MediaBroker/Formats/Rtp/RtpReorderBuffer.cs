namespace MediaBroker.Formats.Rtp;

/// <summary>
/// Puts UDP packets back in sequence order. Holds up to <c>depth</c> packets waiting for a missing
/// one; when the buffer is full the hole is given up on and what follows is released. Depth 0
/// passes packets straight through (TCP, or when latency matters more than reordering).
/// </summary>
public sealed class RtpReorderBuffer
{
    private readonly RtpPacket?[] _slots;
    private bool _started;
    private ushort _expected;
    private int _held;

    public RtpReorderBuffer(int depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        // A power of two divides 65536, so slot indexes stay consistent across sequence wrap-around.
        _slots = new RtpPacket?[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)depth + 2)];
        Depth = depth;
    }

    public int Depth { get; }

    /// <summary>Packets released after giving up on a hole.</summary>
    public long SkippedPackets { get; private set; }

    /// <summary>Adds a packet and appends to <paramref name="output"/> every packet now ready, in order.</summary>
    public void Push(in RtpPacket packet, List<RtpPacket> output)
    {
        if (Depth == 0)
        {
            output.Add(packet);
            return;
        }

        var seq = packet.SequenceNumber;
        if (!_started)
        {
            _started = true;
            _expected = seq;
        }

        var ahead = (ushort)(seq - _expected);
        if (ahead >= 0x8000)
        {
            return; // older than what was already released: a duplicate or too late
        }

        if (ahead >= _slots.Length)
        {
            // Too far ahead to hold: flush what we have and jump forward.
            FlushAll(output);
            _expected = seq;
            ahead = 0;
        }

        ref var slot = ref _slots[(_expected + ahead) % _slots.Length];
        if (slot is null)
        {
            slot = packet;
            _held++;
        }

        Drain(output);
        if (_held > Depth)
        {
            // Give up on the hole at the head.
            while (_slots[_expected % _slots.Length] is null)
            {
                _expected++;
                SkippedPackets++;
            }

            Drain(output);
        }
    }

    public void Reset()
    {
        Array.Clear(_slots);
        _held = 0;
        _started = false;
    }

    private void Drain(List<RtpPacket> output)
    {
        while (_slots[_expected % _slots.Length] is { } p)
        {
            output.Add(p);
            _slots[_expected % _slots.Length] = null;
            _held--;
            _expected++;
        }
    }

    private void FlushAll(List<RtpPacket> output)
    {
        for (var i = 0; i < _slots.Length && _held > 0; i++)
        {
            var idx = (_expected + i) % _slots.Length;
            if (_slots[idx] is { } p)
            {
                output.Add(p);
                _slots[idx] = null;
                _held--;
            }
        }
    }
}
