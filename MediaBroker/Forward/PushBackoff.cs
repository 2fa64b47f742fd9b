namespace MediaBroker.Forward;

/// <summary>
/// When to try a failed push again: <see cref="Initial"/> after the first failure, doubling up to <see cref="Max"/>,
/// and back to <see cref="Initial"/> after an attempt that sent for at least <see cref="HealthyAfter"/> (a destination
/// that restarts once an hour is retried at once, one that refuses every connection is not hammered).
/// </summary>
public sealed record PushBackoff(TimeSpan Initial, TimeSpan Max, TimeSpan HealthyAfter)
{
    public static PushBackoff Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1));

    /// <summary>
    /// The wait before the next attempt, given the previous wait (<see cref="TimeSpan.Zero"/> when none) and how long
    /// the failed attempt was sending (<see cref="TimeSpan.Zero"/> when it never got that far).
    /// </summary>
    public TimeSpan Next(TimeSpan previous, TimeSpan sendingFor)
    {
        if (previous <= TimeSpan.Zero || sendingFor >= HealthyAfter)
        {
            return Initial;
        }

        var doubled = previous.Ticks > Max.Ticks / 2 ? Max : previous * 2;
        return doubled > Max ? Max : doubled;
    }
}
