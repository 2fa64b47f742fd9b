using System.Diagnostics;

namespace MediaBroker.Protocols.Hls;

/// <summary>Holds the latest <see cref="HlsSnapshot"/>: one writer (the muxer task) publishes, any number of requests read and wait.</summary>
internal sealed class HlsSnapshotSource
{
    private HlsSnapshot _current;
    private TaskCompletionSource _next = NewSignal();

    public HlsSnapshotSource()
    {
        _current = HlsSnapshot.Empty with { Next = _next.Task };
    }

    public HlsSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Publishes <paramref name="snapshot"/> (its <see cref="HlsSnapshot.Next"/> and <see cref="HlsSnapshot.Rendered"/> are replaced) and wakes every waiter.</summary>
    public void Publish(HlsSnapshot snapshot)
    {
        var old = _next;
        _next = NewSignal();
        Volatile.Write(ref _current, snapshot with { Next = _next.Task, Rendered = new HlsRenderedPlaylists() });
        old.TrySetResult();
    }

    /// <summary>Returns the first snapshot for which <paramref name="ready"/> holds, or the latest one when the muxer ended or time ran out.</summary>
    public async Task<HlsSnapshot> WaitAsync(Func<HlsSnapshot, bool> ready, TimeSpan timeout, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        while (true)
        {
            var s = Current;
            if (ready(s) || s.Ended)
            {
                return s;
            }

            var left = timeout - Stopwatch.GetElapsedTime(start);
            if (left <= TimeSpan.Zero)
            {
                return s;
            }

            try
            {
                await s.Next.WaitAsync(left, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return Current;
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
