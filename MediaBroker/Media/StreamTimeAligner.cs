namespace MediaBroker.Media;

/// <summary>
/// Maps one publisher's timestamps onto the path clock. The shift is decided once, by the first unit
/// of any track, in seconds, and then applied to every track in its own clock rate: tracks keep the
/// relative timing the publisher gave them (the ingest side aligns its tracks to a common base).
/// </summary>
internal sealed class StreamTimeAligner
{
    private readonly PathClock _clock;
    private double? _shiftSeconds;

    public StreamTimeAligner(PathClock clock) => _clock = clock;

    /// <summary>
    /// The unit on the path clock: a copy with shifted times, since units never change (one small object per
    /// unit; payloads are shared), or the unit itself when the shift is zero.
    /// </summary>
    public Unit Align(Unit unit)
    {
        var rate = unit.Track.ClockRate;
        if (_shiftSeconds is not { } shift)
        {
            shift = _clock.Now.TotalSeconds - ((double)unit.Dts / rate);
            _shiftSeconds = shift;
        }

        return unit.WithTimeOffset((long)Math.Round(shift * rate));
    }
}
