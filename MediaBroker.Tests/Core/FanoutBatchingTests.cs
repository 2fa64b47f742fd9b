using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Media;
using Xunit;

namespace MediaBroker.Tests.Core;

/// <summary>Merged writes (readerBatchDuration): when the fan-out wakes a batching reader's writer.</summary>
public sealed class FanoutBatchingTests
{
    private static readonly Track[] Tracks = TestPaths.H264AndAac();
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [Fact]
    public void Unbatched_EveryItemWakesTheWriter()
    {
        var fanout = new Fanout<Unit>();
        var q = fanout.Subscribe(new ReaderQueueOptions { Capacity = 64 });
        var wake = new WakeProbe();
        q.SetWakeup(wake.Signal);

        fanout.Publish(TestPaths.Audio(Tracks[1], 0));
        wake.Woken.Should().BeTrue();
        fanout.Publish(TestPaths.Audio(Tracks[1], 1));
        wake.Woken.Should().BeTrue();
        q.IsBatching.Should().BeFalse();
    }

    [Fact]
    public async Task Batched_ItemsWaitForTheTick_ThenOneWakeForAll()
    {
        var fanout = new Fanout<Unit>();
        var q = fanout.Subscribe(new ReaderQueueOptions { Capacity = 64, Batch = new ReaderBatch(TimeSpan.FromMilliseconds(300)) });
        var wake = new WakeProbe();
        q.SetWakeup(wake.Signal);
        q.IsBatching.Should().BeTrue();

        var started = TimeProvider.System.GetTimestamp();
        for (var i = 0; i < 10; i++)
        {
            fanout.Publish(TestPaths.Audio(Tracks[1], i));
        }

        var woken = wake.Woken;
        if (TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromMilliseconds(250))
        {
            // Publishing took less than a tick period (the usual case): no item woke the writer.
            woken.Should().BeFalse("items of a batching reader wait for the batch tick");
        }

        await wake.WaitAsync(TimeSpan.FromSeconds(5));
        q.Count.Should().Be(10, "the tick wakes the writer once for everything queued");
        TimeProvider.System.GetElapsedTime(started).Should().BeLessThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Batched_WriteQueueSizeItems_WakeBeforeTheTick()
    {
        var fanout = new Fanout<Unit>();
        var q = fanout.Subscribe(new ReaderQueueOptions { Capacity = 8, Batch = new ReaderBatch(Long) });
        var wake = new WakeProbe();
        q.SetWakeup(wake.Signal);

        for (var i = 0; i < 7; i++)
        {
            fanout.Publish(TestPaths.Audio(Tracks[1], i));
        }

        wake.Woken.Should().BeFalse("7 of 8 is under the batch's item limit");
        fanout.Publish(TestPaths.Audio(Tracks[1], 7));
        wake.Woken.Should().BeTrue("a batch of writeQueueSize items goes out without waiting for the tick");
        q.Dropped.Should().Be(0);
    }

    [Fact]
    public void Batched_FirstKeyFrameOfANewReader_GoesOutAtOnce()
    {
        var fanout = new Fanout<Unit>();
        var q = fanout.Subscribe(new ReaderQueueOptions { Capacity = 64, HasVideo = true, Batch = new ReaderBatch(Long) });
        var wake = new WakeProbe();
        q.SetWakeup(wake.Signal);

        fanout.Publish(TestPaths.Video(Tracks[0], 0, key: false));
        wake.Woken.Should().BeFalse("nothing was queued: a new reader starts at a key frame");
        fanout.Publish(TestPaths.Video(Tracks[0], 1, key: true));
        wake.Woken.Should().BeTrue("the key frame a new reader waits for is not held back");
        fanout.Publish(TestPaths.Video(Tracks[0], 2, key: false));
        wake.Woken.Should().BeFalse("after the start the reader joins the batch rhythm");
    }

    [Fact]
    public void Batched_NewReader_GetsTheCachedGroupOfPicturesAtOnce()
    {
        var fanout = new Fanout<Unit>(gopCacheLimit: 100);
        fanout.Publish(TestPaths.Video(Tracks[0], 0, key: true));
        fanout.Publish(TestPaths.Video(Tracks[0], 1, key: false));

        var q = fanout.Subscribe(new ReaderQueueOptions { Capacity = 64, HasVideo = true, Batch = new ReaderBatch(Long) });
        var wake = new WakeProbe();
        q.SetWakeup(wake.Signal);

        wake.Woken.Should().BeTrue("the cached group of pictures is sent as soon as the writer starts");
        q.Count.Should().Be(2);
        fanout.Publish(TestPaths.Video(Tracks[0], 2, key: false));
        wake.Woken.Should().BeFalse();
    }

    [Fact]
    public void Auto_BatchesOnlyAboveTheReaderThreshold()
    {
        var fanout = new Fanout<Unit>();
        var options = new ReaderQueueOptions { Capacity = 64, Batch = new ReaderBatch(Long, AutoAboveReaders: 2) };
        var a = fanout.Subscribe(options);
        var b = fanout.Subscribe(options);
        fanout.BatchingCount.Should().Be(0, "two readers are not more than two");

        var c = fanout.Subscribe(options);
        fanout.BatchingCount.Should().Be(3);
        a.IsBatching.Should().BeTrue();

        var wake = new WakeProbe();
        b.SetWakeup(wake.Signal);
        fanout.Publish(TestPaths.Audio(Tracks[1], 0));
        wake.Woken.Should().BeFalse();

        fanout.Unsubscribe(c);
        fanout.BatchingCount.Should().Be(0);
        wake.Woken.Should().BeTrue("leaving batching sends what the batch held at once");
        fanout.Publish(TestPaths.Audio(Tracks[1], 1));
        wake.Woken.Should().BeTrue();
    }

    [Fact]
    public void Unbatched_ReaderOnABatchingFanout_StaysPerItem()
    {
        var fanout = new Fanout<Unit>();
        fanout.Subscribe(new ReaderQueueOptions { Capacity = 64, Batch = new ReaderBatch(Long) });
        var plain = fanout.Subscribe(new ReaderQueueOptions { Capacity = 64 });
        var wake = new WakeProbe();
        plain.SetWakeup(wake.Signal);

        fanout.Publish(TestPaths.Audio(Tracks[1], 0));
        wake.Woken.Should().BeTrue("UDP, WebRTC and HLS readers never batch");
        fanout.BatchingCount.Should().Be(1);
    }

    [Theory]
    [InlineData("0s", 0, 0)]
    [InlineData("350ms", 350, 0)]
    [InlineData("auto", 350, ReaderBatch.AutoReaders)]
    public void TryParse_ReadsTheKey(string value, int ms, int autoAbove)
    {
        ReaderBatch.TryParse(value, out var b).Should().BeTrue();
        b.Duration.Should().Be(TimeSpan.FromMilliseconds(ms));
        b.AutoAboveReaders.Should().Be(autoAbove);
        b.IsEnabled.Should().Be(ms > 0);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-1s")]
    public void TryParse_RefusesOtherValues(string value) => ReaderBatch.TryParse(value, out _).Should().BeFalse();

    [Fact]
    public void Of_UsesThePathsValue() =>
        ReaderBatch.Of(new PathConf { ReaderBatchDuration = "200ms" }).Duration.Should().Be(TimeSpan.FromMilliseconds(200));

    /// <summary>Polls an <see cref="AsyncSignal"/> without losing a wake-up: a wait that is still pending is kept and checked next time.</summary>
    private sealed class WakeProbe
    {
        private ValueTask? _pending;

        public AsyncSignal Signal { get; } = new();

        /// <summary>Whether the signal was set since the last time this returned true.</summary>
        public bool Woken
        {
            get
            {
                var wait = _pending ?? Signal.WaitAsync();
                _pending = wait.IsCompleted ? null : wait;
                return wait.IsCompleted;
            }
        }

        public async Task WaitAsync(TimeSpan timeout)
        {
            var wait = _pending ?? Signal.WaitAsync();
            _pending = null;
            await wait.AsTask().WaitAsync(timeout);
        }
    }
}
