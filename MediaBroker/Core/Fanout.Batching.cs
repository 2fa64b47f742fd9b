namespace MediaBroker.Core;

/// <summary>
/// Merged writes: one tick per batch duration and fan-out (so per path and protocol), not one per reader or frame.
/// Each tick wakes every batching reader that has something queued, on the same rhythm; a thousand batched readers
/// cost a thousand writer wake-ups, hence sends, per interval and nothing else.
/// </summary>
/// <remarks>
/// The publisher's thread drives the ticks: the first <see cref="Publish"/> at or after a tick's time wakes the writers,
/// as it does for every item at <c>0s</c>. A timer callback would run them on the thread pool instead, which a loaded
/// machine starves: the ticks then came late and the publisher, no longer slowed by its readers' sends, filled their
/// queues until they dropped (1000 RTMP readers at 350 ms: ~1100 "too slow" warnings, first media after 3 s, while
/// <c>0s</c> delivered everything). A timer per tick still fires on time while the thread pool is responsive, so that
/// a tick does not wait for the next published item (up to 33 ms at 30 fps); whichever comes first takes the tick, and
/// the timer alone serves pauses in publishing.
/// </remarks>
public sealed partial class Fanout<T>
{
    // Under _gate. Almost always one entry; more only after a reload changed the duration for new readers.
    private List<BatchTick>? _batchTicks;

    /// <summary>How early a timer's tick may be taken: 2 ms (timers fire on a millisecond clock).</summary>
    private long TimerEarly => _time.TimestampFrequency / 500;

    /// <summary>Readers currently batching (for tests and diagnostics).</summary>
    public int BatchingCount
    {
        get
        {
            var n = 0;
            foreach (var q in Volatile.Read(ref _queues))
            {
                n += q.IsBatching ? 1 : 0;
            }

            return n;
        }
    }

    private void JoinBatching(ReaderQueue<T> queue)
    {
        _batchTicks ??= [];
        var duration = queue.Batch.Duration;
        var tick = _batchTicks.Find(t => t.Duration == duration);
        if (tick is null)
        {
            tick = new BatchTick(this, duration, _time);
            _batchTicks.Add(tick);
        }

        tick.Readers++;
        UpdateBatching();
    }

    private void LeaveBatching(ReaderQueue<T> queue)
    {
        var duration = queue.Batch.Duration;
        if (_batchTicks?.Find(t => t.Duration == duration) is { } tick && --tick.Readers == 0)
        {
            tick.Dispose();
            _batchTicks.Remove(tick);
        }

        queue.SetBatching(false);
        UpdateBatching();
    }

    /// <summary><c>auto</c> readers batch only while more readers than their threshold can batch.</summary>
    private void UpdateBatching()
    {
        var batchable = 0;
        foreach (var q in _queues)
        {
            batchable += q.Batch.IsEnabled ? 1 : 0;
        }

        foreach (var q in _queues)
        {
            var b = q.Batch;
            if (b.IsEnabled)
            {
                q.SetBatching(b.AutoAboveReaders == 0 || batchable > b.AutoAboveReaders);
            }
        }
    }

    private void StopBatchTicks()
    {
        if (_batchTicks is null)
        {
            return;
        }

        foreach (var tick in _batchTicks)
        {
            tick.Dispose();
        }

        _batchTicks.Clear();
    }

    /// <summary>Under the gate: marks the writers of every tick that is due for a wake-up; true when any was marked.</summary>
    /// <param name="early">Timestamp units a tick may be taken early: a timer may fire a hair before the tick's time.</param>
    private bool MarkDueBatches(ReaderQueue<T>[] queues, long early = 0)
    {
        if (_batchTicks is not { Count: > 0 } ticks)
        {
            return false;
        }

        var now = _time.GetTimestamp() + early;
        var due = false;
        foreach (var tick in ticks)
        {
            if (!tick.TryAdvance(now))
            {
                continue;
            }

            foreach (var q in queues)
            {
                if (q.Batch.Duration == tick.Duration)
                {
                    due |= q.MarkBatchDue();
                }
            }
        }

        return due;
    }

    /// <summary>The timer's callback, on a thread-pool thread: the tick, unless a publish already took it.</summary>
    private void OnTimerTick()
    {
        ReaderQueue<T>[] queues;
        lock (_gate)
        {
            queues = _queues;
            if (_completed || !MarkDueBatches(queues, TimerEarly))
            {
                return;
            }
        }

        WakeMarked(queues);
    }

    private sealed class BatchTick : IDisposable
    {
        private readonly ITimer _timer;
        private readonly long _period;
        private long _due;

        public BatchTick(Fanout<T> fanout, TimeSpan duration, TimeProvider time)
        {
            Duration = duration;
            _period = Math.Max(1, (long)(duration.TotalSeconds * time.TimestampFrequency));
            _due = time.GetTimestamp() + _period;
            _timer = time.CreateTimer(static s => ((Fanout<T>)s!).OnTimerTick(), fanout, duration, duration);
        }

        public TimeSpan Duration { get; }

        public int Readers { get; set; }

        /// <summary>Under the gate: whether the tick is due at <paramref name="now"/>, and if so, the next one scheduled.</summary>
        public bool TryAdvance(long now)
        {
            if (now < _due)
            {
                return false;
            }

            // Keep the rhythm; after a pause longer than a period, restart it from now.
            _due += _period;
            if (_due <= now)
            {
                _due = now + _period;
            }

            return true;
        }

        public void Dispose() => _timer.Dispose();
    }
}
