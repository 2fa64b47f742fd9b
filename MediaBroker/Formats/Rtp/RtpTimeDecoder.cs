using System.Diagnostics;

namespace MediaBroker.Formats.Rtp;

/// <summary>
/// Turns the RTP timestamps of every track of one session into PTS in each track's clock, on a common
/// base: the first packet of any track arrives at T0 and gets PTS 0; a track that starts later begins at
/// its arrival offset from T0. When RTCP sender reports map both the session start and a new track to
/// NTP time, the new track's offset comes from that mapping instead of arrival times, which removes
/// network jitter from the alignment. Offsets are fixed once per track, so PTS never jump.
/// <see cref="MediaBroker.Core.StreamTimeAligner"/> then moves the whole session onto the path clock.
/// </summary>
public sealed class RtpTimeDecoder
{
    private long? _startTicks;
    private DateTime? _startNtp;

    /// <summary>Creates the decoder of one track; tracks of one session share this instance.</summary>
    public RtpTrackTimeDecoder AddTrack(int clockRate) => new(this, clockRate);

    internal long StartTicks(long arrivalTicks) => _startTicks ??= arrivalTicks;

    internal DateTime? StartNtp => _startNtp;

    internal void LearnStartNtp(DateTime startNtp) => _startNtp ??= startNtp;
}
