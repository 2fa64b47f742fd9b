using System.Text;

namespace MediaBroker.Tests.Logging;

/// <summary>A clock stopped at 2026-11-22 01:07:17.250 UTC, with UTC as the local zone.</summary>
internal sealed class FixedClock : TimeProvider
{
    public static readonly DateTimeOffset At = new(2026, 11, 22, 1, 7, 17, 250, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => At;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}

/// <summary>A stdout stand-in whose writes block until released (to fill the log queue deterministically).</summary>
internal sealed class GatedWriter : StringWriter
{
    private readonly ManualResetEventSlim _gate = new(false);

    public void Open() => _gate.Set();

    public override void Write(StringBuilder? value)
    {
        _gate.Wait(TimeSpan.FromSeconds(20));
        base.Write(value);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
        }

        base.Dispose(disposing);
    }
}
