using MediaBroker.Media;

namespace MediaBroker.Core;

/// <summary>
/// Hands each published item to every subscribed reader queue. Publishing never blocks on a reader.
/// Optionally keeps the items since the last video key frame, so a new reader starts at once with a
/// whole group of pictures instead of waiting for the next key frame.
/// </summary>
public sealed partial class Fanout<T>
    where T : class, IFanoutItem
{
    /// <summary>Readers whose writers one thread runs per published item (see <see cref="Publish"/>).</summary>
    private const int InlineWakes = 64;

    // The gate is held only for non-blocking work (TryWrite per queue), never across an await.
    private readonly Lock _gate = new();

    private readonly List<T>? _gopCache;
    private readonly int _gopCacheLimit;
    private readonly TimeProvider _time;
    private ReaderQueue<T>[] _queues = [];
    private bool _gopCacheValid;
    private bool _completed;

    /// <param name="gopCacheLimit">Items to keep since the last key frame; 0 disables the cache.</param>
    /// <param name="time">The batch ticks' timers and the batches' ages (merged writes); the system clock unless a test says otherwise.</param>
    public Fanout(int gopCacheLimit = 0, TimeProvider? time = null)
    {
        _gopCacheLimit = gopCacheLimit;
        _time = time ?? TimeProvider.System;
        if (gopCacheLimit > 0)
        {
            _gopCache = new List<T>(Math.Min(gopCacheLimit, 256));
        }
    }

    public int SubscriberCount => Volatile.Read(ref _queues).Length;

    public bool HasSubscribers => SubscriberCount != 0;

    public void Publish(T item)
    {
        ReaderQueue<T>[] queues;
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            RememberForLateJoiners(item);
            queues = _queues;
            foreach (var q in queues)
            {
                q.Offer(item, deferWake: true);
            }

            MarkDueBatches(queues);
        }

        WakeMarked(queues);
    }

    /// <summary>
    /// Runs the writers of queues marked for a deferred wake-up, outside the lock: the first readers' writers on this
    /// thread, the rest in slices on the thread pool, so one thread is never held for long and many readers use every core.
    /// </summary>
    private static void WakeMarked(ReaderQueue<T>[] queues)
    {
        for (var start = InlineWakes; start < queues.Length; start += InlineWakes)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static s => WakeRange(s.Queues, s.Start), (Queues: queues, Start: start), preferLocal: false);
        }

        WakeRange(queues, 0);
    }

    private static void WakeRange(ReaderQueue<T>[] queues, int start)
    {
        var end = Math.Min(queues.Length, start + InlineWakes);
        for (var i = start; i < end; i++)
        {
            queues[i].WakeDeferred();
        }
    }

    /// <summary>Adds a reader; it first receives the cached group of pictures, if any.</summary>
    public ReaderQueue<T> Subscribe(ReaderQueueOptions options) => Subscribe(options, null);

    /// <summary>
    /// Adds a reader; it first receives the cached group of pictures, if any. <paramref name="joined"/> gets
    /// the cached items the queue accepted, under the fan-out's lock, so nothing is published in between:
    /// what it sees are the first items the reader will read (RTSP RTP-Info). It must not block.
    /// </summary>
    public ReaderQueue<T> Subscribe(ReaderQueueOptions options, Action<IReadOnlyList<T>>? joined)
    {
        var queue = new ReaderQueue<T>(options, _time);
        lock (_gate)
        {
            if (_completed)
            {
                queue.Complete();
                return queue;
            }

            List<T>? accepted = joined is null ? null : [];
            if (_gopCache is not null && _gopCacheValid)
            {
                foreach (var item in _gopCache)
                {
                    if (queue.Offer(item))
                    {
                        accepted?.Add(item);
                    }
                }
            }

            joined?.Invoke(accepted!);
            _queues = [.. _queues, queue];
            if (options.Batch.IsEnabled)
            {
                JoinBatching(queue);
            }
        }

        return queue;
    }

    public void Unsubscribe(ReaderQueue<T> queue)
    {
        lock (_gate)
        {
            var i = Array.IndexOf(_queues, queue);
            if (i >= 0)
            {
                var next = new ReaderQueue<T>[_queues.Length - 1];
                Array.Copy(_queues, 0, next, 0, i);
                Array.Copy(_queues, i + 1, next, i, _queues.Length - i - 1);
                _queues = next;
                if (queue.Batch.IsEnabled)
                {
                    LeaveBatching(queue);
                }
            }
        }

        queue.Complete();
    }

    /// <summary>Ends every subscription (the stream is gone) and refuses new ones.</summary>
    public void Complete()
    {
        ReaderQueue<T>[] queues;
        lock (_gate)
        {
            _completed = true;
            queues = _queues;
            _queues = [];
            _gopCache?.Clear();
            StopBatchTicks();
        }

        foreach (var q in queues)
        {
            q.Complete();
        }
    }

    private void RememberForLateJoiners(T item)
    {
        if (_gopCache is null)
        {
            return;
        }

        if (item.IsVideo && item.IsKeyFrame)
        {
            _gopCache.Clear();
            _gopCacheValid = true;
        }

        if (!_gopCacheValid)
        {
            return;
        }

        if (_gopCache.Count >= _gopCacheLimit)
        {
            // A group of pictures longer than the cache: stop caching until the next key frame.
            _gopCache.Clear();
            _gopCacheValid = false;
            return;
        }

        _gopCache.Add(item);
    }
}
