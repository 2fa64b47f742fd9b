namespace MediaBroker.Core;

/// <summary>
/// Merged writes: one timer per batch duration and fan-out (so per path and protocol), not one per reader or frame.
/// Each tick wakes every batching reader that has something queued, on the same rhythm; a thousand batched readers
/// cost a thousand writer wake-ups, hence sends, per interval and nothing else.
/// </summary>
public sealed partial class Fanout<T>
{
    // Under _gate. Almost always one entry; more only after a reload changed the duration for new readers.
    private List<BatchTick>? _batchTicks;

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

    /// <summary>The timer's callback, on a thread-pool thread; the gate is not needed for the readers' snapshot.</summary>
    private void OnBatchTick(TimeSpan duration)
    {
        var queues = Volatile.Read(ref _queues);
        var due = false;
        foreach (var q in queues)
        {
            if (q.Batch.Duration == duration)
            {
                due |= q.MarkBatchDue();
            }
        }

        if (due)
        {
            WakeMarked(queues);
        }
    }

    private sealed class BatchTick : IDisposable
    {
        private readonly ITimer _timer;

        public BatchTick(Fanout<T> fanout, TimeSpan duration, TimeProvider time)
        {
            Duration = duration;
            _timer = time.CreateTimer(Tick, (fanout, duration), duration, duration);
        }

        public TimeSpan Duration { get; }

        public int Readers { get; set; }

        public void Dispose() => _timer.Dispose();

        private static void Tick(object? state)
        {
            var (fanout, duration) = ((Fanout<T>, TimeSpan))state!;
            fanout.OnBatchTick(duration);
        }
    }
}
