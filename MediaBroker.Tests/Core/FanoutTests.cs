using FluentAssertions;
using MediaBroker.Core;
using MediaBroker.Media;
using Xunit;

namespace MediaBroker.Tests.Core;

public sealed class FanoutTests
{
    private static readonly Track[] Tracks = TestPaths.H264AndAac();

    [Fact]
    public void Publish_StalledReader_DoesNotBlockPublisherOrOtherReaders()
    {
        var fanout = new Fanout<Unit>();
        var stalled = fanout.Subscribe(new ReaderQueueOptions { Capacity = 8, HasVideo = true });
        var healthy = fanout.Subscribe(new ReaderQueueOptions { Capacity = 8, HasVideo = true });
        var received = 0;

        for (var i = 0; i < 1000; i++)
        {
            fanout.Publish(TestPaths.Video(Tracks[0], i * 3000, key: i % 30 == 0));
            while (healthy.Reader.TryRead(out _))
            {
                received++;
            }
        }

        received.Should().Be(1000, "the healthy reader drains as it goes and must lose nothing");
        stalled.Count.Should().Be(8, "the stalled reader holds only its capacity");
        stalled.Dropped.Should().Be(992);
        healthy.Dropped.Should().Be(0);
    }

    [Fact]
    public void Offer_AfterDrop_SkipsVideoUntilNextKeyFrameButKeepsAudio()
    {
        var fanout = new Fanout<Unit>();
        var q = fanout.Subscribe(new ReaderQueueOptions { Capacity = 2, HasVideo = true });

        fanout.Publish(TestPaths.Video(Tracks[0], 0, key: true));
        fanout.Publish(TestPaths.Video(Tracks[0], 1, key: false));
        fanout.Publish(TestPaths.Video(Tracks[0], 2, key: false)); // full: dropped, now waiting for a key frame
        q.Reader.TryRead(out _).Should().BeTrue();
        q.Reader.TryRead(out _).Should().BeTrue();

        fanout.Publish(TestPaths.Video(Tracks[0], 3, key: false)); // room, but not a key frame: skipped
        fanout.Publish(TestPaths.Audio(Tracks[1], 4));               // audio passes
        fanout.Publish(TestPaths.Video(Tracks[0], 5, key: true));    // resumes here

        q.Reader.TryRead(out var a).Should().BeTrue();
        a!.Track.Should().BeSameAs(Tracks[1]);
        q.Reader.TryRead(out var k).Should().BeTrue();
        k!.IsKeyFrame.Should().BeTrue();
        k.Pts.Should().Be(5);
        q.Dropped.Should().Be(2);
    }

    [Fact]
    public void Subscribe_NewVideoReader_StartsAtKeyFrame()
    {
        var fanout = new Fanout<Unit>();
        fanout.Publish(TestPaths.Video(Tracks[0], 0, key: true));
        var q = fanout.Subscribe(new ReaderQueueOptions { Capacity = 16, HasVideo = true });

        fanout.Publish(TestPaths.Video(Tracks[0], 1, key: false));
        fanout.Publish(TestPaths.Video(Tracks[0], 2, key: true));

        q.Reader.TryRead(out var first).Should().BeTrue();
        first!.Pts.Should().Be(2);
        q.Dropped.Should().Be(0, "waiting for the first key frame is not a loss");
    }

    [Fact]
    public void Subscribe_WithGopCache_ReceivesFromLastKeyFrame()
    {
        var fanout = new Fanout<Unit>(gopCacheLimit: 100);
        fanout.Publish(TestPaths.Video(Tracks[0], 0, key: false));
        fanout.Publish(TestPaths.Video(Tracks[0], 1, key: true));
        fanout.Publish(TestPaths.Audio(Tracks[1], 2));
        fanout.Publish(TestPaths.Video(Tracks[0], 3, key: false));

        var q = fanout.Subscribe(new ReaderQueueOptions { Capacity = 16, HasVideo = true });

        var pts = new List<long>();
        while (q.Reader.TryRead(out var u))
        {
            pts.Add(u.Pts);
        }

        pts.Should().Equal(1, 2, 3);
    }

    [Fact]
    public void Subscribe_WithJoinedCallback_SeesExactlyTheCachedItemsTheQueueAccepted()
    {
        var fanout = new Fanout<Unit>(gopCacheLimit: 100);
        fanout.Publish(TestPaths.Video(Tracks[0], 0, key: true));
        fanout.Publish(TestPaths.Audio(Tracks[1], 1));
        fanout.Publish(TestPaths.Video(Tracks[0], 2, key: false));
        IReadOnlyList<Unit>? joined = null;

        var q = fanout.Subscribe(new ReaderQueueOptions { Capacity = 2, HasVideo = true }, items => joined = [.. items]);

        joined!.Select(u => u.Pts).Should().Equal(0, 1);
        q.Reader.TryRead(out var first).Should().BeTrue();
        first.Should().BeSameAs(joined![0], "the first item the reader reads is the first one the callback saw");
    }

    [Fact]
    public void Complete_EndsEveryReaderAfterItsItems()
    {
        var fanout = new Fanout<Unit>();
        var q = fanout.Subscribe(new ReaderQueueOptions { Capacity = 4 });
        fanout.Publish(TestPaths.Audio(Tracks[1], 0));
        fanout.Complete();

        q.Reader.TryRead(out _).Should().BeTrue();
        q.Reader.Completion.IsCompleted.Should().BeTrue();
        fanout.Subscribe(new ReaderQueueOptions()).Reader.Completion.IsCompleted.Should().BeTrue();
    }

    [Fact]
    public async Task Publish_ManyReadersOneStalled_PublisherKeepsPace()
    {
        var fanout = new Fanout<Unit>();
        var stalled = fanout.Subscribe(new ReaderQueueOptions { Capacity = 16, HasVideo = true });
        var readers = Enumerable.Range(0, 20).Select(_ => fanout.Subscribe(new ReaderQueueOptions { Capacity = 64, HasVideo = true })).ToArray();
        var counts = new int[readers.Length];
        var drains = readers.Select((r, i) => Task.Run(async () =>
        {
            await foreach (var _ in r.Reader.ReadAllAsync())
            {
                counts[i]++;
            }
        })).ToArray();

        for (var i = 0; i < 3000; i++)
        {
            fanout.Publish(TestPaths.Video(Tracks[0], i, key: i % 30 == 0));
            if (i % 50 == 0)
            {
                await Task.Yield();
            }
        }

        fanout.Complete();
        await Task.WhenAll(drains).WaitAsync(TimeSpan.FromSeconds(30));
        stalled.Dropped.Should().BeGreaterThan(2900);
        for (var i = 0; i < readers.Length; i++)
        {
            (counts[i] + readers[i].Dropped).Should().Be(3000, "every item is either delivered or counted as dropped");
        }
    }
}
