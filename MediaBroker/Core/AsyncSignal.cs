using System.Threading.Tasks.Sources;

namespace MediaBroker.Core;

/// <summary>
/// An auto-reset wake-up for one waiting loop, reused for every wait, so a writer that sleeps and wakes per
/// media frame allocates nothing. Any number of producers may <see cref="Set"/>; a set that finds no waiter is
/// remembered and makes the next wait return at once.
/// </summary>
public sealed class AsyncSignal : IValueTaskSource
{
    private const int Idle = 0;
    private const int Signalled = 1;
    private const int Waiting = 2;

    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _state;

    /// <summary>Wakes the waiter on the thread pool (or makes the next wait return at once).</summary>
    public void Set() => Set(inline: false);

    /// <summary>
    /// Wakes the waiter; with <paramref name="inline"/> its continuation runs on this thread before Set returns,
    /// up to the waiter's next incomplete await. The caller must hold no lock the waiter could need.
    /// </summary>
    public void Set(bool inline)
    {
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Signalled:
                    return;
                case Idle:
                    if (Interlocked.CompareExchange(ref _state, Signalled, Idle) == Idle)
                    {
                        return;
                    }

                    break;
                default:
                    if (Interlocked.CompareExchange(ref _state, Idle, Waiting) == Waiting)
                    {
                        // Only the thread that won the exchange completes this wait, so the mode is its own.
                        _core.RunContinuationsAsynchronously = !inline;
                        _core.SetResult(true);
                        return;
                    }

                    break;
            }
        }
    }

    /// <summary>Completes at the next <see cref="Set"/>, or at once if one happened since the last wait. One waiter at a time.</summary>
    public ValueTask WaitAsync()
    {
        if (Interlocked.CompareExchange(ref _state, Idle, Signalled) == Signalled)
        {
            return default;
        }

        // Nobody completes the core while the state is Idle, so it can be reset before publishing the wait.
        _core.Reset();
        if (Interlocked.CompareExchange(ref _state, Waiting, Idle) == Idle)
        {
            return new ValueTask(this, _core.Version);
        }

        // A Set came in between: consume it.
        Volatile.Write(ref _state, Idle);
        return default;
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
