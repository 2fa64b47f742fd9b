using System.Threading.Channels;
using MediaBroker.Media;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Core;

/// <summary>
/// One reader's bounded queue. The publisher offers items and never waits: when the queue is full the
/// new item is dropped for this reader alone, and video is then skipped until the next key frame so the
/// reader never decodes a broken picture. The reader drains it from its own task.
/// </summary>
public sealed class ReaderQueue<T>
    where T : class, IFanoutItem
{
    private readonly Channel<T> _channel;
    private readonly ReaderQueueOptions _options;
    private readonly TimeProvider _time;

    // Merged writes, in the time provider's timestamps: when the oldest queued item arrived, and how old it may be
    // before a full queue counts as a slow reader.
    private readonly long _slowAfter;
    private long _batchStarted;
    private bool _awaitingKeyFrame;
    private bool _receivedKeyFrame;
    private long _dropped;
    private long _droppedSinceReport;
    private long _lastReportTicks;
    private AsyncSignal? _wakeup;
    private int _wakePending;
    private bool _batching;

    public ReaderQueue(ReaderQueueOptions options)
        : this(options, TimeProvider.System)
    {
    }

    /// <param name="time">Ages batches; tests pass a manual clock.</param>
    public ReaderQueue(ReaderQueueOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _awaitingKeyFrame = options.HasVideo;
        var capacity = Math.Max(1, options.Capacity);
        if (options.Batch.IsEnabled)
        {
            _slowAfter = (long)(options.Batch.Duration.TotalSeconds * time.TimestampFrequency * SlowBatchFactor);

            // A batch is held on top of writeQueueSize: the channel only bounds memory (see Offer for the real limit).
            capacity *= 2;
        }

        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails instead of evicting: we drop the newest.
            SingleReader = true,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
    }

    /// <summary>Items this reader lost because it was too slow (including video skipped until a key frame).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public ChannelReader<T> Reader => _channel.Reader;

    /// <summary>Number of items waiting.</summary>
    public int Count => _channel.Reader.Count;

    /// <summary>The merged-write setting this reader joined with (see <see cref="ReaderQueueOptions.Batch"/>).</summary>
    public ReaderBatch Batch => _options.Batch;

    /// <summary>
    /// Whether items are batched now: offers then leave the writer asleep and the fan-out's batch tick wakes it.
    /// A writer that sees it after a send waits for that wake-up instead of sending what arrived meanwhile.
    /// </summary>
    public bool IsBatching => Volatile.Read(ref _batching);

    /// <summary>
    /// Limits in time: a batching queue that holds <c>writeQueueSize</c> items counts as too slow only once its oldest
    /// item has waited this many batch durations, so a batch that is merely waiting for its send never does.
    /// </summary>
    private const double SlowBatchFactor = 2;

    /// <summary>
    /// Also wakes <paramref name="signal"/> whenever an item is queued or the queue completes, so one writer can
    /// sleep on several queues (and its own control messages) without a wait task per queue.
    /// </summary>
    public void SetWakeup(AsyncSignal? signal)
    {
        Volatile.Write(ref _wakeup, signal);
        if (signal is not null && (_channel.Reader.Count > 0 || _channel.Reader.Completion.IsCompleted))
        {
            signal.Set();
        }
    }

    /// <summary>Called by the fan-out under its lock, so offers to one queue never run concurrently.</summary>
    /// <returns>False when the item was dropped for this reader.</returns>
    internal bool Offer(T item) => Offer(item, deferWake: false);

    /// <summary>
    /// As <see cref="Offer(T)"/>; with <paramref name="deferWake"/> the reader's wake-up is left for
    /// <see cref="WakeDeferred"/>, which the fan-out calls after releasing its lock.
    /// </summary>
    internal bool Offer(T item, bool deferWake)
    {
        // A key frame that ends a wait (a new reader's first, or the resumption after drops) goes out at once.
        var urgent = false;
        if (item.IsVideo && _awaitingKeyFrame)
        {
            if (!item.IsKeyFrame)
            {
                // Before the first key frame a joining reader has lost nothing: only skips after a real drop count.
                if (_receivedKeyFrame)
                {
                    CountDrop();
                }

                return false;
            }

            _awaitingKeyFrame = false;
            _receivedKeyFrame = true;
            urgent = true;
        }

        // Batching implies Batch.IsEnabled; per-frame readers skip the count (the channel's Count takes its lock).
        var batching = Volatile.Read(ref _batching);
        var count = 0;
        if (_options.Batch.IsEnabled)
        {
            count = _channel.Reader.Count;
            var now = _time.GetTimestamp();
            if (count == 0)
            {
                _batchStarted = now;
            }
            else if (count >= _options.Capacity && (!batching || now - _batchStarted > _slowAfter))
            {
                return Refuse();
            }
        }

        if (!_channel.Writer.TryWrite(item))
        {
            return Refuse();
        }

        // Readers without a wake-up signal wait on the channel itself, which TryWrite has already woken.
        if (Volatile.Read(ref _wakeup) is not { } wakeup)
        {
            return true;
        }

        if (batching && !urgent && count + 1 < _options.Capacity)
        {
            // The batch tick wakes the writer (see Fanout): no per-item wake-up.
            return true;
        }

        if (deferWake)
        {
            Volatile.Write(ref _wakePending, 1);
        }
        else
        {
            wakeup.Set();
        }

        return true;
    }

    /// <summary>The item is dropped for this reader: it is too slow (or, for a batching reader, its batch too old).</summary>
    private bool Refuse()
    {
        CountDrop();
        if (_options.HasVideo)
        {
            _awaitingKeyFrame = true;
        }

        return false;
    }

    /// <summary>
    /// Wakes the reader's writer for an item offered with a deferred wake-up, running it on this thread: the
    /// publisher's thread then writes to the reader's socket itself, with no thread-pool hop per reader and frame.
    /// </summary>
    internal void WakeDeferred()
    {
        if (Volatile.Read(ref _wakePending) != 0 && Interlocked.Exchange(ref _wakePending, 0) != 0)
        {
            Volatile.Read(ref _wakeup)?.Set(inline: true);
        }
    }

    /// <summary>Switches batching on or off (the fan-out, under its lock); switching off wakes the writer for what is queued.</summary>
    internal void SetBatching(bool on)
    {
        if (Volatile.Read(ref _batching) == on)
        {
            return;
        }

        Volatile.Write(ref _batching, on);
        if (!on && _channel.Reader.Count > 0)
        {
            Volatile.Read(ref _wakeup)?.Set();
        }
    }

    /// <summary>The batch tick: marks the writer for a deferred wake-up when this batching queue holds anything.</summary>
    internal bool MarkBatchDue()
    {
        if (!Volatile.Read(ref _batching) || _channel.Reader.Count == 0 || Volatile.Read(ref _wakeup) is null)
        {
            return false;
        }

        Volatile.Write(ref _wakePending, 1);
        return true;
    }

    /// <summary>Ends the queue; the reader sees completion after draining what is left.</summary>
    public void Complete(Exception? error = null)
    {
        _channel.Writer.TryComplete(error);
        Volatile.Read(ref _wakeup)?.Set();
    }

    private void CountDrop()
    {
        Interlocked.Increment(ref _dropped);
        _droppedSinceReport++;
        var now = Environment.TickCount64;
        if (now - _lastReportTicks < 1000)
        {
            return;
        }

        _lastReportTicks = now;
        if (_options.Logger is { } logger)
        {
            CoreLog.ReaderTooSlow(logger, _options.ReaderName, _droppedSinceReport);
        }

        _droppedSinceReport = 0;
    }
}
