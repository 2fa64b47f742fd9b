using MediaBroker.Media;

namespace MediaBroker.Streams.Rtp;

/// <summary>
/// The wall-clock times that sender reports and RTP-Info give a stream's RTP timestamps: one linear mapping from media
/// time for every track, anchored on a unit's own wall-clock time and moved only when a unit's time is more than
/// <see cref="MaxDrift"/> away from it (a pause, a jump). Units of RTMP, SRT or files carry their receive time, which
/// jitters; reports built from it would move a client's timeline by that jitter at each report.
/// </summary>
internal sealed class RtpSenderClock
{
    public static readonly TimeSpan MaxDrift = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private bool _anchored;
    private DateTime _anchorTime;
    private double _anchorSeconds;

    public DateTime TimeOf(Unit unit)
    {
        var seconds = (double)unit.Pts / unit.Track.ClockRate;
        lock (_gate)
        {
            if (_anchored)
            {
                var mapped = _anchorTime.AddTicks((long)Math.Round((seconds - _anchorSeconds) * TimeSpan.TicksPerSecond));
                if ((mapped - unit.NtpTime).Duration() <= MaxDrift)
                {
                    return mapped;
                }
            }

            _anchored = true;
            _anchorTime = unit.NtpTime;
            _anchorSeconds = seconds;
            return unit.NtpTime;
        }
    }
}
