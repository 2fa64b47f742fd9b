namespace MediaBroker.Media;

/// <summary>
/// Maps one publisher's timestamps onto the path clock. The shift is decided once, by the first unit
/// of any track, in seconds, and then applied to every track in its own clock rate: tracks keep the
/// relative timing the publisher gave them (the ingest side aligns its tracks to a common base).
/// </summary>
internal sealed class StreamTimeAligner
{
    private readonly PathClock _clock;
    private readonly double _startFloorSeconds;
    private double? _shiftSeconds;

    /// <param name="clock">The path clock.</param>
    /// <param name="startFloorSeconds">
    /// The first unit is placed no earlier than this (path clock seconds): a writer that takes over a stream
    /// (always-available paths) continues after what the previous writer published, even if that ran ahead of the clock.
    /// </param>
    public StreamTimeAligner(PathClock clock, double startFloorSeconds = 0)
    {
        _clock = clock;
        _startFloorSeconds = startFloorSeconds;
    }

    /// <summary>
    /// The unit on the path clock: a copy with shifted times, since units never change (one small object per
    /// unit; payloads are shared), or the unit itself when the shift is zero.
    /// </summary>
    public Unit Align(Unit unit) => unit.WithTimeOffset(ShiftFor(unit));

    /// <summary>The shift to apply to <paramref name="unit"/>, in its track's clock rate (the first unit decides it).</summary>
    public long ShiftFor(Unit unit)
    {
        var rate = unit.Track.ClockRate;
        if (_shiftSeconds is not { } shift)
        {
            shift = Math.Max(_clock.Now.TotalSeconds, _startFloorSeconds) - ((double)unit.Dts / rate);
            _shiftSeconds = shift;
        }

        return (long)Math.Round(shift * rate);
    }
}
