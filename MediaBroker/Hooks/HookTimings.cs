namespace MediaBroker.Hooks;

/// <summary>How long a restarting hook waits (MediaMTX: 5 s) and how long a stopped one gets after SIGINT.</summary>
public sealed record HookTimings(TimeSpan RestartDelay, TimeSpan StopGrace)
{
    public static HookTimings Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
}
