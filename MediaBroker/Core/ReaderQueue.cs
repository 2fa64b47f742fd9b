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
    private bool _awaitingKeyFrame;
    private bool _receivedKeyFrame;
    private long _dropped;
    private long _droppedSinceReport;
    private long _lastReportTicks;
    private AsyncSignal? _wakeup;
    private int _wakePending;

    public ReaderQueue(ReaderQueueOptions options)
    {
        _options = options;
        _awaitingKeyFrame = options.HasVideo;
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(Math.Max(1, options.Capacity))
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
        }

        if (_channel.Writer.TryWrite(item))
        {
            // Readers without a wake-up signal wait on the channel itself, which TryWrite has already woken.
            if (Volatile.Read(ref _wakeup) is { } wakeup)
            {
                if (deferWake)
                {
                    Volatile.Write(ref _wakePending, 1);
                }
                else
                {
                    wakeup.Set();
                }
            }

            return true;
        }

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
