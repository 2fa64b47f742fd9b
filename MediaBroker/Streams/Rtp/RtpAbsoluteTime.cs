using Microsoft.Extensions.Logging;

namespace MediaBroker.Streams.Rtp;

/// <summary>
/// <c>useAbsoluteTimestamp</c> for one RTP session (all its tracks): units take the sender's wall-clock time from RTCP
/// sender reports instead of their arrival time, and a unit that arrives before its track's first sender report has no
/// such time and is dropped, as MediaMTX does. The first drop of the session is logged, so a source that never sends
/// sender reports is explained.
/// </summary>
public sealed class RtpAbsoluteTime
{
    private readonly ILogger _logger;
    private readonly string _name;
    private long _dropped;

    private RtpAbsoluteTime(ILogger logger, string name)
    {
        _logger = logger;
        _name = name;
    }

    /// <summary>Units dropped because their track had no sender report yet.</summary>
    public long UnitsWithoutAbsoluteTime => Interlocked.Read(ref _dropped);

    /// <summary>The policy of a session, or null when <paramref name="useAbsoluteTimestamp"/> is off (units keep their arrival time).</summary>
    public static RtpAbsoluteTime? For(bool useAbsoluteTimestamp, ILogger logger, string name) =>
        useAbsoluteTimestamp ? new RtpAbsoluteTime(logger, name) : null;

    internal void UnitDropped()
    {
        if (Interlocked.Increment(ref _dropped) == 1)
        {
            RtpIngestLog.UnitWithoutAbsoluteTime(_logger, _name);
        }
    }
}
