namespace MediaBroker.Formats.MpegTs;

/// <summary>
/// Turns 33-bit 90 kHz PTS/DTS values (which wrap every 26.5 hours) into a 64-bit count. One instance
/// serves the whole program, so audio and video that straddle a wrap stay on the same timeline: each
/// value is placed in the 2^33 window nearest to the previous one.
/// </summary>
internal sealed class TsTimestampUnwrapper
{
    private const long Period = 1L << 33;
    private const long HalfPeriod = 1L << 32;
    private long _last;
    private bool _started;

    public long Unwrap(long value33)
    {
        if (!_started)
        {
            _started = true;
            _last = value33;
            return value33;
        }

        var candidate = (_last & ~(Period - 1)) | value33;
        if (candidate - _last > HalfPeriod)
        {
            candidate -= Period;
        }
        else if (_last - candidate > HalfPeriod)
        {
            candidate += Period;
        }

        _last = candidate;
        return candidate;
    }
}
