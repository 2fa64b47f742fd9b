using System.Runtime.CompilerServices;
using FluentAssertions;
using MediaBroker.Core;
using MediaBroker.Media;
using Xunit;

namespace MediaBroker.Tests.Core;

/// <summary>
/// Merged writes when timer callbacks do not run (a starved thread pool, as on a loaded machine) and the limits in
/// time: the clock is manual and its timers never fire, so what the publisher's thread does on its own is what is tested.
/// </summary>
public sealed class FanoutBatchTimingTests
{
    private static readonly Track[] Tracks = TestPaths.H264AndAac();
    private static readonly TimeSpan Batch = TimeSpan.FromMilliseconds(350);

    /// <summary>30 fps video and 48 kHz AAC: 77 items a second, one every 13 ms.</summary>
    private static readonly TimeSpan ItemStep = TimeSpan.FromMilliseconds(13);

    [Fact]
    public void TimersNeverFire_ThePublishersThreadTicksEveryDuration()
    {
        var clock = new ManualClock();
        var fanout = new Fanout<Unit>(time: clock);
        var q = fanout.Subscribe(new ReaderQueueOptions { Capacity = 512, Batch = new ReaderBatch(Batch) });
        var wake = new AsyncSignal();
        q.SetWakeup(wake);

        for (var round = 1; round <= 3; round++)
        {
            var woken = wake.WaitAsync();
            var published = 0;
            while (!woken.IsCompleted)
            {
                clock.Advance(ItemStep);
                fanout.Publish(TestPaths.Audio(Tracks[1], published++));
                published.Should().BeLessThan(200, "a tick must not wait for a timer callback, nor for a full queue (3.3 s)");
            }

            // The tick's time falls between two items: the first item at or after it wakes the writer.
            clock.Elapsed.Should().BeGreaterThanOrEqualTo(Batch * round).And.BeLessThan((Batch * round) + ItemStep);
            while (q.Reader.TryRead(out _))
            {
            }
        }

        q.Dropped.Should().Be(0);
    }

    /// <remarks>
    /// 64 readers: the fan-out runs that many writers on the publisher's thread, so each writer drains exactly when
    /// its wake-up is issued and the ages it sees are the ones the fan-out allowed (more would go to the thread pool).
    /// That holds only for a writer already parked on its wake-up when the item is published: one still on its way
    /// to the await (its first start on the thread pool, on a loaded machine) would take a remembered wake-up later,
    /// after the clock had moved on. So the publisher waits, before each item, until every writer is parked.
    /// </remarks>
    [Fact]
    public async Task ManyReaders_TimersNeverFire_GetEveryItem_OneBatchPerTick()
    {
        const int readers = 64;
        const int items = 6 * 77;
        var clock = new ManualClock();
        var fanout = new Fanout<Unit>(gopCacheLimit: 1024, time: clock);
        var writers = Enumerable.Range(0, readers)
            .Select(_ => new BatchWriter(fanout.Subscribe(new ReaderQueueOptions { Capacity = 512, HasVideo = true, Batch = new ReaderBatch(Batch) }), clock))
            .ToArray();
        var tasks = writers.Select(w => Task.Run(w.RunAsync)).ToArray();

        for (var i = 0; i < items; i++)
        {
            BatchWriter.WaitAllParked(writers, TimeSpan.FromSeconds(30));
            // A key frame every 2 s, audio in between, as the benchmark clip.
            fanout.Publish(i % 2 == 1 ? TestPaths.Audio(Tracks[1], i) : TestPaths.Video(Tracks[0], i, key: i % 154 == 0));
            clock.Advance(ItemStep);
        }

        fanout.Complete();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));

        foreach (var w in writers)
        {
            w.Queue.Dropped.Should().Be(0, "a batch waiting for a late tick is not a slow reader");
            w.Received.Should().Be(items);

            // Held one batch duration (the item after a tick waits for the next one), not the 3.3 s until the queue is half full.
            w.OldestHeld.Should().BeLessThanOrEqualTo(Batch + ItemStep, "the publisher's thread keeps the rhythm the timers do not");
            w.OldestHeld.Should().BeGreaterThan(Batch - (ItemStep * 2), "items wait for the tick, not sent one by one");
            w.Sends.Should().BeInRange(items * 13 / 350 - 1, items * 13 / 350 + 2, "one send per tick");
        }
    }

    [Fact]
    public void SmallWriteQueue_ABatchInFlight_IsNotTooSlow_ButAnOldFullQueueIs()
    {
        var clock = new ManualClock();
        var fanout = new Fanout<Unit>(time: clock);
        var batched = fanout.Subscribe(new ReaderQueueOptions { Capacity = 16, Batch = new ReaderBatch(TimeSpan.FromSeconds(1)) });
        var plain = fanout.Subscribe(new ReaderQueueOptions { Capacity = 16 });

        // The writers are busy sending (nobody drains): 24 items in 300 ms.
        for (var i = 0; i < 24; i++)
        {
            fanout.Publish(TestPaths.Audio(Tracks[1], i));
            clock.Advance(ItemStep);
        }

        plain.Dropped.Should().Be(8, "writeQueueSize items is the limit of a reader that sends frame by frame");
        batched.Dropped.Should().Be(0, "the same items are 300 ms of a 1 s batch: not a slow reader");
        batched.Count.Should().Be(24);

        // Two batch durations later the reader has still taken nothing: now it is too slow.
        clock.Advance(TimeSpan.FromSeconds(2));
        fanout.Publish(TestPaths.Audio(Tracks[1], 24));
        batched.Dropped.Should().Be(1);
    }

    /// <summary>A batching reader's writer: sleeps on its signal, drains everything, records how old the oldest item it sent was.</summary>
    private sealed class BatchWriter(ReaderQueue<Unit> queue, ManualClock clock)
    {
        private readonly AsyncSignal _wake = new();
        private volatile bool _parked;

        public ReaderQueue<Unit> Queue => queue;

        public int Received { get; private set; }

        public int Sends { get; private set; }

        public TimeSpan OldestHeld { get; private set; }

        public void MarkParked() => _parked = true;

        /// <summary>Spins until every writer waits on its wake-up with its continuation registered, or fails after <paramref name="timeout"/>.</summary>
        public static void WaitAllParked(BatchWriter[] writers, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            var spin = default(SpinWait);
            while (writers.Any(w => !w._parked))
            {
                DateTime.UtcNow.Should().BeBefore(deadline, "every writer parks on its wake-up");
                spin.SpinOnce();
            }
        }

        public async Task RunAsync()
        {
            queue.SetWakeup(_wake);
            while (true)
            {
                // No context: a wake-up from the publisher runs this loop on the publisher's thread.
                await new ParkingWait(_wake.WaitAsync(), this);
                _parked = false;
                var now = clock.Elapsed;
                var any = false;
                while (queue.Reader.TryRead(out var unit))
                {
                    // The unit's PTS is its index, and the publisher advanced the clock one step per index.
                    var age = now - (ItemStep * unit.Pts);
                    OldestHeld = age > OldestHeld ? age : OldestHeld;
                    Received++;
                    any = true;
                }

                Sends += any ? 1 : 0;
                if (queue.Reader.Completion.IsCompleted)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Awaits a wake-up and marks the writer parked only once its continuation is registered, so a Set runs it inline.</summary>
    private readonly struct ParkingWait(ValueTask wait, BatchWriter writer) : ICriticalNotifyCompletion
    {
        public bool IsCompleted => wait.IsCompleted;

        public ParkingWait GetAwaiter() => this;

        public void GetResult() => wait.GetAwaiter().GetResult();

        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        public void UnsafeOnCompleted(Action continuation)
        {
            wait.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(continuation);
            writer.MarkParked();
        }
    }

    /// <summary>A clock the test moves; its timers never fire (the worst late tick).</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = TimeSpan.TicksPerHour;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _ticks) - TimeSpan.TicksPerHour);

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new NeverTimer();

        private sealed class NeverTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
