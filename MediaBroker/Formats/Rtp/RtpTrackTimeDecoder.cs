using System.Diagnostics;
using MediaBroker.Formats.Rtp.Rtcp;

namespace MediaBroker.Formats.Rtp;

/// <summary>The per-track half of <see cref="RtpTimeDecoder"/>.</summary>
public sealed class RtpTrackTimeDecoder
{
    private readonly RtpTimeDecoder _session;
    private readonly RtpTimestampUnwrapper _unwrapper = new();
    private long _offset;
    private long _firstUnwrapped;
    private bool _hasSenderReport;
    private uint _srRtp;
    private DateTime _srNtp;

    internal RtpTrackTimeDecoder(RtpTimeDecoder session, int clockRate)
    {
        _session = session;
        ClockRate = clockRate;
    }

    public int ClockRate { get; }

    public bool HasStarted => _unwrapper.HasStarted;

    /// <summary>PTS of the packet, in <see cref="ClockRate"/> ticks from the session start.</summary>
    public long Decode(uint rtpTimestamp) => Decode(rtpTimestamp, Stopwatch.GetTimestamp());

    /// <param name="arrivalTicks">Arrival time in <see cref="Stopwatch"/> ticks.</param>
    public long Decode(uint rtpTimestamp, long arrivalTicks)
    {
        if (!_unwrapper.HasStarted)
        {
            _firstUnwrapped = _unwrapper.Unwrap(rtpTimestamp);
            var start = _session.StartTicks(arrivalTicks);
            if (_hasSenderReport && _session.StartNtp is { } startNtp)
            {
                _offset = (long)Math.Round((NtpOf(rtpTimestamp) - startNtp).TotalSeconds * ClockRate);
            }
            else
            {
                _offset = (long)Math.Round((double)(arrivalTicks - start) * ClockRate / Stopwatch.Frequency);
            }

            TryLearnSessionNtp();
            return _offset;
        }

        return _unwrapper.Unwrap(rtpTimestamp) - _firstUnwrapped + _offset;
    }

    /// <summary>Feeds the NTP/RTP mapping of an RTCP sender report for this track.</summary>
    public void OnSenderReport(ulong ntpTimestamp, uint rtpTimestamp)
    {
        _hasSenderReport = true;
        _srNtp = NtpTime64.ToDateTime(ntpTimestamp);
        _srRtp = rtpTimestamp;
        TryLearnSessionNtp();
    }

    /// <summary>The sender's wall-clock time of a timestamp (RFC 3550 §6.4.1), false before its first sender report.</summary>
    public bool TryGetSenderNtpTime(uint rtpTimestamp, out DateTime ntpTime)
    {
        ntpTime = _hasSenderReport ? NtpOf(rtpTimestamp) : default;
        return _hasSenderReport;
    }

    private DateTime NtpOf(uint rtpTimestamp)
    {
        var delta = unchecked((int)(rtpTimestamp - _srRtp));
        return _srNtp.AddTicks((long)((double)delta * TimeSpan.TicksPerSecond / ClockRate));
    }

    private void TryLearnSessionNtp()
    {
        if (_hasSenderReport && _unwrapper.HasStarted)
        {
            // NTP time of the session's PTS 0: this track's first packet minus its offset.
            var first = NtpOf(_unwrapper.First);
            _session.LearnStartNtp(first.AddTicks(-(long)((double)_offset * TimeSpan.TicksPerSecond / ClockRate)));
        }
    }
}
