namespace MediaBroker.Formats.Rtp.Srtp;

/// <summary>
/// Sliding replay list over packet indices (RFC 3711 §3.3.2). 128 entries, wider than the 64 the RFC
/// requires, because video bursts reorder more than audio (libsrtp uses 128 too).
/// </summary>
internal struct SrtpReplayWindow
{
    public const int Size = 128;
    private UInt128 _mask;
    private long _highest;
    private bool _started;

    public readonly long Highest => _highest;

    public readonly bool Started => _started;

    /// <summary>True when the index was not seen and is not older than the window.</summary>
    public readonly bool Check(long index)
    {
        if (index < 0)
        {
            return false;
        }

        if (!_started || index > _highest)
        {
            return true;
        }

        long delta = _highest - index;
        return delta < Size && ((_mask >> (int)delta) & UInt128.One) == UInt128.Zero;
    }

    /// <summary>Records an authenticated index.</summary>
    public void Accept(long index)
    {
        if (!_started)
        {
            _started = true;
            _highest = index;
            _mask = UInt128.One;
            return;
        }

        if (index > _highest)
        {
            long shift = index - _highest;
            _mask = shift >= Size ? UInt128.One : (_mask << (int)shift) | UInt128.One;
            _highest = index;
        }
        else
        {
            _mask |= UInt128.One << (int)(_highest - index);
        }
    }
}
