namespace MediaBroker.Media;

/// <summary>
/// The wall-clock time of a track's units when the source's own clock is not used (useAbsoluteTimestamp off): the
/// receive time of a reference unit plus the media time elapsed since, so that times advance as smoothly as the
/// timestamps do instead of jittering with arrival. It re-anchors on the receive time when the estimate runs ahead
/// of it (a sender whose clock is fast) or falls more than <see cref="MaxLag"/> behind (a pause, a jump). As MediaMTX.
/// </summary>
public sealed class NtpEstimator(int clockRate)
{
    /// <summary>How far an estimate may trail the receive time before it re-anchors.</summary>
    public static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(5);

    private DateTime _referenceTime;
    private long _referencePts;
    private bool _anchored;

    /// <summary>The estimated capture time of a unit with <paramref name="pts"/> received at <paramref name="receiveTime"/>.</summary>
    public DateTime Estimate(long pts, DateTime receiveTime)
    {
        if (_anchored)
        {
            var estimate = _referenceTime.AddTicks((long)((double)(pts - _referencePts) * TimeSpan.TicksPerSecond / clockRate));
            if (estimate <= receiveTime && receiveTime - estimate <= MaxLag)
            {
                return estimate;
            }
        }

        _anchored = true;
        _referenceTime = receiveTime;
        _referencePts = pts;
        return receiveTime;
    }
}
