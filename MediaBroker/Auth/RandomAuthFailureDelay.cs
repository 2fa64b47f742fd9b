namespace MediaBroker.Auth;

/// <summary>MediaMTX's pause after a failed authentication: a random 0 to 4 s.</summary>
public sealed class RandomAuthFailureDelay : IAuthFailureDelay
{
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(4);

    private readonly TimeProvider _time;

    public RandomAuthFailureDelay(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    public async ValueTask DelayAsync(CancellationToken ct)
    {
        // Not a secret, only jitter: the shared PRNG is enough. CA5394 targets security-sensitive randomness.
#pragma warning disable CA5394
        var ms = Random.Shared.Next(0, (int)Max.TotalMilliseconds + 1);
#pragma warning restore CA5394
        await Task.Delay(TimeSpan.FromMilliseconds(ms), _time, ct).ConfigureAwait(false);
    }
}
