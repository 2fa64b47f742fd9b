namespace MediaBroker.Auth;

/// <summary>
/// The pause after a failed authentication: a random time between <c>authFailureDelayMin</c> and
/// <c>authFailureDelayMax</c> (MediaMTX: 0 to 4 s).
/// </summary>
public sealed class RandomAuthFailureDelay : IAuthFailureDelay
{
    public static readonly TimeSpan DefaultMax = TimeSpan.FromSeconds(4);

    private readonly TimeProvider _time;
    private readonly int _minMs;
    private readonly int _maxMs;

    public RandomAuthFailureDelay(TimeProvider? time = null)
        : this(TimeSpan.Zero, DefaultMax, time)
    {
    }

    public RandomAuthFailureDelay(TimeSpan min, TimeSpan max, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _minMs = (int)Math.Clamp(min.TotalMilliseconds, 0, int.MaxValue - 1);
        _maxMs = (int)Math.Clamp(max.TotalMilliseconds, _minMs, int.MaxValue - 1);
    }

    public TimeSpan Min => TimeSpan.FromMilliseconds(_minMs);

    public TimeSpan Max => TimeSpan.FromMilliseconds(_maxMs);

    public async ValueTask DelayAsync(CancellationToken ct)
    {
        // Not a secret, only jitter: the shared PRNG is enough. CA5394 targets security-sensitive randomness.
#pragma warning disable CA5394
        var ms = Random.Shared.Next(_minMs, _maxMs + 1);
#pragma warning restore CA5394
        await Task.Delay(TimeSpan.FromMilliseconds(ms), _time, ct).ConfigureAwait(false);
    }
}
