using System.Diagnostics;

namespace MediaBroker.Media;

/// <summary>
/// The time origin of the broker's streams. Every publisher's timestamps are shifted so that they continue
/// from the time elapsed since the broker started, so readers see time move forward across publisher
/// restarts and overrides (and path re-creation) instead of jumping back to zero.
/// </summary>
public sealed class PathClock
{
    /// <summary>Timestamps start this far above zero, so that small negative skews (audio a little
    /// ahead of video, reordered frames) never produce negative times at the edges.</summary>
    public static readonly TimeSpan Base = TimeSpan.FromSeconds(1);

    private readonly long _originTicks = Stopwatch.GetTimestamp();

    /// <summary>Time since the path was created, plus <see cref="Base"/>.</summary>
    public TimeSpan Now => Stopwatch.GetElapsedTime(_originTicks) + Base;
}
