using FluentAssertions;
using MediaBroker.Core;
using MediaBroker.Media;
using Xunit;

namespace MediaBroker.Tests.Core;

public sealed class AsyncSignalTests
{
    [Fact]
    public void WaitAsync_SetBeforeWait_CompletesAtOnceAndOnlyOnce()
    {
        var signal = new AsyncSignal();
        signal.Set();
        signal.Set();

        signal.WaitAsync().IsCompleted.Should().BeTrue("a set with no waiter is remembered");
        signal.WaitAsync().IsCompleted.Should().BeFalse("two sets before a wait wake it once");
    }

    [Fact]
    public async Task WaitAsync_SetLater_WakesTheWaiter()
    {
        var signal = new AsyncSignal();
        var wait = signal.WaitAsync().AsTask();
        wait.IsCompleted.Should().BeFalse();

        signal.Set();

        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WaitAsync_ManyProducers_NeverLosesAWakeup()
    {
        // A consumer that drains a counter and sleeps on the signal must see every increment.
        var signal = new AsyncSignal();
        var produced = 0;
        const int PerProducer = 20_000;
        var consumer = Task.Run(async () =>
        {
            var seen = 0;
            while (seen < 2 * PerProducer)
            {
                seen = Volatile.Read(ref produced);
                if (seen < 2 * PerProducer)
                {
                    await signal.WaitAsync();
                }
            }
        });
        var producers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < PerProducer; i++)
            {
                Interlocked.Increment(ref produced);
                signal.Set();
            }
        })).ToArray();

        await Task.WhenAll(producers).WaitAsync(TimeSpan.FromSeconds(30));
        await consumer.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ReaderQueue_WithWakeup_SignalsOnEveryAcceptedItemAndOnCompletion()
    {
        var tracks = TestPaths.H264AndAac();
        var fanout = new Fanout<Unit>();
        var queue = fanout.Subscribe(new ReaderQueueOptions { Capacity = 8, HasVideo = true });
        var signal = new AsyncSignal();
        queue.SetWakeup(signal);
        var first = signal.WaitAsync().AsTask();
        first.IsCompleted.Should().BeFalse("the queue is empty");

        fanout.Publish(TestPaths.Video(tracks[0], 0, key: true));
        await first.WaitAsync(TimeSpan.FromSeconds(10));
        queue.Reader.TryRead(out _).Should().BeTrue();

        var wait = signal.WaitAsync().AsTask();
        queue.Complete();
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
