using MediaBroker.Media;

namespace MediaBroker.Streams.Rtp;

/// <summary>
/// The wall-clock times that sender reports and RTP-Info give a stream's RTP timestamps: one linear mapping from media
/// time for every track, anchored on a unit's own wall-clock time. Units of RTMP, SRT or files carry their receive
/// time, which jitters; reports built from it would move a client's timeline by that jitter at each report.
/// The mapping moves only when units stay more than <see cref="MaxDrift"/> away from it for
/// <see cref="PersistFor"/> (a pause, a jump): one late unit (a starved thread, a burst after a stall), or a track
/// whose own wall-clock estimate disagrees with the other's, must not move it, because every reader that starts while
/// it is moved gets that track's first sender report on another mapping than the other track's, and clients that
/// sync tracks with reports (ffmpeg) then place one track seconds away from the other.
/// </summary>
internal sealed class RtpSenderClock
{
    public static readonly TimeSpan MaxDrift = TimeSpan.FromSeconds(1);

    /// <summary>How long units must keep off the mapping, in their own wall-clock time, before it re-anchors.</summary>
    public static readonly TimeSpan PersistFor = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private bool _anchored;
    private DateTime _anchorTime;
    private double _anchorSeconds;
    private DateTime? _driftSince;

    /// <summary>How many times the mapping moved after its first anchor (diagnostics, tests).</summary>
    public int Reanchors { get; private set; }

    public DateTime TimeOf(Unit unit)
    {
        var seconds = (double)unit.Pts / unit.Track.ClockRate;
        lock (_gate)
        {
            if (!_anchored)
            {
                Anchor(unit.NtpTime, seconds);
                return unit.NtpTime;
            }

            var mapped = _anchorTime.AddTicks((long)Math.Round((seconds - _anchorSeconds) * TimeSpan.TicksPerSecond));
            if ((mapped - unit.NtpTime).Duration() <= MaxDrift)
            {
                _driftSince = null;
                return mapped;
            }

            _driftSince ??= unit.NtpTime;
            if (unit.NtpTime - _driftSince.Value < PersistFor)
            {
                return mapped;
            }

            Reanchors++;
            Anchor(unit.NtpTime, seconds);
            return unit.NtpTime;
        }
    }

    private void Anchor(DateTime time, double seconds)
    {
        _anchored = true;
        _anchorTime = time;
        _anchorSeconds = seconds;
        _driftSince = null;
    }
}
