using FluentAssertions;
using MediaBroker.Logging;
using Microsoft.Extensions.Logging;
using Xunit;

namespace MediaBroker.Tests.Logging;

public sealed class LogFeedTests
{
    private static LogEntry Entry(int i) =>
        new(DateTimeOffset.UnixEpoch.AddSeconds(i), LogLevel.Information, "MediaBroker.Core.PathManager", 0, "", "line " + i, null, null);

    [Fact]
    public void Subscribe_AfterMoreThanCapacity_HistoryIsTheLastCapacityInOrder()
    {
        var feed = new LogFeed();
        for (var i = 0; i < LogFeed.Capacity + 25; i++)
        {
            feed.Add(Entry(i));
        }

        using var sub = feed.Subscribe();
        sub.History.Should().HaveCount(LogFeed.Capacity);
        sub.History[0].Message.Should().Be("line 25");
        sub.History[^1].Message.Should().Be("line " + (LogFeed.Capacity + 24));
    }

    [Fact]
    public void Subscribe_ThenAdd_LiveGetsOnlyNewEntries_UntilDisposed()
    {
        var feed = new LogFeed();
        feed.Add(Entry(1));
        var sub = feed.Subscribe();
        feed.Add(Entry(2));
        sub.History.Select(e => e.Message).Should().Equal("line 1");
        sub.Live.TryRead(out var live).Should().BeTrue();
        live!.Message.Should().Be("line 2");
        feed.ListenerCount.Should().Be(1);

        sub.Dispose();
        feed.ListenerCount.Should().Be(0);
        feed.Add(Entry(3));
        sub.Live.TryRead(out _).Should().BeFalse();
        sub.Live.Completion.IsCompleted.Should().BeTrue();
    }

    [Fact]
    public void Add_ListenerNeverReads_KeepsOnlyItsNewestEntries()
    {
        var feed = new LogFeed();
        using var sub = feed.Subscribe();
        for (var i = 0; i < 5000; i++)
        {
            feed.Add(Entry(i));
        }

        var got = new List<string>();
        while (sub.Live.TryRead(out var e))
        {
            got.Add(e.Message);
        }

        got.Should().HaveCount(2000, "a slow viewer's queue is bounded");
        got[^1].Should().Be("line 4999");
    }

    [Fact]
    public async Task Provider_LoggedLine_ReachesTheFeedThroughTheWriter()
    {
        await using var provider = new BrokerLoggerProvider(new LogOptions(), stdout: new StringWriter());
        using var sub = provider.Feed.Subscribe();
        provider.CreateLogger("MediaBroker.Protocols.Rtsp.RtspServer").LogInformation("hello {Who}", "feed");
        await provider.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30));
        sub.Live.TryRead(out var entry).Should().BeTrue();
        entry!.Message.Should().Be("hello feed");
        entry.Prefix.Should().Be("[RTSP] ");
    }
}
