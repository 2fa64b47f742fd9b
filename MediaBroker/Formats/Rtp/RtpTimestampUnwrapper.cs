namespace MediaBroker.Formats.Rtp;

/// <summary>
/// Extends 32-bit RTP timestamps to 64 bits. Each timestamp is taken as the nearest value to the
/// previous one, so it survives wrap-around (every 13 h at 90 kHz) and small backward steps
/// (B-frames, reordered packets) in either direction.
/// </summary>
public sealed class RtpTimestampUnwrapper
{
    private long _last;
    private bool _started;

    public bool HasStarted => _started;

    /// <summary>The first timestamp seen, unwrapped as itself.</summary>
    public uint First { get; private set; }

    public long Unwrap(uint timestamp)
    {
        if (!_started)
        {
            _started = true;
            First = timestamp;
            _last = timestamp;
            return _last;
        }

        var delta = unchecked((int)(timestamp - (uint)_last));
        _last += delta;
        return _last;
    }

    public void Reset() => _started = false;
}
