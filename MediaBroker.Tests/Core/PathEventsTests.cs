using System.Collections.Concurrent;
using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Core;

public sealed class PathEventsTests
{
    internal sealed class RecordingEvents : IPathEvents
    {
        public ConcurrentQueue<string> Events { get; } = new();

        public TaskCompletionSource<string> DemandStartedQuery { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource DemandStoppedSignal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void PathCreated(MediaPath path) => Events.Enqueue($"created {path.Name}");

        public void PathClosed(MediaPath path) => Events.Enqueue($"closed {path.Name}");

        public void PathReady(MediaPath path, IPathPublisher source, string query) => Events.Enqueue($"ready {path.Name} {source.ApiType} {query}");

        public void PathNotReady(MediaPath path) => Events.Enqueue($"notReady {path.Name}");

        public void ReaderAdded(MediaPath path, IPathReader reader, string query) => Events.Enqueue($"read {path.Name} {reader.ApiType} {query}");

        public void ReaderRemoved(MediaPath path, IPathReader reader) => Events.Enqueue($"unread {path.Name} {reader.ApiType}");

        public void DemandStarted(MediaPath path, string query)
        {
            Events.Enqueue($"demand {path.Name} {query}");
            DemandStartedQuery.TrySetResult(query);
        }

        public void DemandStopped(MediaPath path, string query)
        {
            Events.Enqueue($"undemand {path.Name} {query}");
            DemandStoppedSignal.TrySetResult();
        }
    }

    private static PathManager Manager(BrokerConf conf, IPathEvents events) =>
        new(conf, new TestPaths.AllowAllAuthorizer(), NullLoggerFactory.Instance, [], events);

    [Fact]
    public async Task PublishReadLeave_EventsInOrderWithQueries()
    {
        var events = new RecordingEvents();
        using var paths = Manager(TestPaths.Conf(), events);
        var publisher = new TestPaths.Peer("rtmpConn");
        var lease = (await paths.AddPublisherAsync(TestPaths.Access("cam") with { Query = "key=1" }, publisher, CancellationToken.None)).Value!;
        lease.StartStream(TestPaths.H264AndAac());
        var reader = (await paths.AddReaderAsync(TestPaths.Access("cam") with { Query = "r=2" }, new TestPaths.Peer("hlsSession"), CancellationToken.None)).Value!;
        reader.Dispose();
        var reader2 = (await paths.AddReaderAsync(TestPaths.Access("cam"), new TestPaths.Peer("rtspSession"), CancellationToken.None)).Value!;
        lease.Dispose();
        reader2.Dispose();
        events.Events.Should().Equal(
            "created cam", "ready cam rtmpConn key=1", "read cam hlsSession r=2", "unread cam hlsSession",
            "read cam rtspSession ", "notReady cam", "unread cam rtspSession", "closed cam");
    }

    [Fact]
    public async Task RunOnDemand_ReaderWaitsForPublisher_ThenDemandStopsAfterCloseAfter()
    {
        var events = new RecordingEvents();
        var conf = TestPaths.Conf(new PathConf
        {
            Name = "ondemand",
            RunOnDemand = "true",
            RunOnDemandStartTimeout = TimeSpan.FromSeconds(10),
            RunOnDemandCloseAfter = TimeSpan.FromMilliseconds(50),
        });
        using var paths = Manager(conf, events);
        var readTask = paths.AddReaderAsync(TestPaths.Access("ondemand") with { Query = "a=b" }, new TestPaths.Peer(), CancellationToken.None).AsTask();
        (await events.DemandStartedQuery.Task.WaitAsync(TimeSpan.FromSeconds(5))).Should().Be("a=b");
        readTask.IsCompleted.Should().BeFalse();

        using var lease = (await paths.AddPublisherAsync(TestPaths.Access("ondemand"), new TestPaths.Peer(), CancellationToken.None)).Value!;
        lease.StartStream(TestPaths.H264AndAac());
        var reader = (await readTask.WaitAsync(TimeSpan.FromSeconds(5))).Value!;
        reader.Dispose();
        await events.DemandStoppedSignal.Task.WaitAsync(TimeSpan.FromSeconds(5));
        events.Events.Should().Contain("undemand ondemand a=b");
    }

    [Fact]
    public async Task RunOnDemand_NoPublisherInTime_ReaderGetsNoStream()
    {
        var events = new RecordingEvents();
        var conf = TestPaths.Conf(new PathConf
        {
            Name = "ondemand",
            RunOnDemand = "true",
            RunOnDemandStartTimeout = TimeSpan.FromMilliseconds(100),
            RunOnDemandCloseAfter = TimeSpan.FromMilliseconds(10),
        });
        using var paths = Manager(conf, events);
        var result = await paths.AddReaderAsync(TestPaths.Access("ondemand"), new TestPaths.Peer(), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        result.Status.Should().Be(PathStatus.NoStream);
        await events.DemandStoppedSignal.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
