using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Core;
using Xunit;

namespace MediaBroker.Tests.Core;

public sealed class PathSourceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task StaticSource_AlwaysOn_StartsWithPathAndIsReadable()
    {
        var factory = new FakeSourceFactory();
        using var pm = TestPaths.Manager(TestPaths.Conf(new PathConf { Name = "cam", Source = "fake://upstream/cam" }), null, factory);

        await factory.Started.WaitAsync(Timeout);
        var r = await pm.AddReaderAsync(TestPaths.Access("cam"), new TestPaths.Peer(), default);
        r.Status.Should().Be(PathStatus.Ok);
        factory.LastUrl.Should().Be("fake://upstream/cam");
        pm.Find("cam")!.Source!.ApiType.Should().Be("fakeSource");
    }

    [Fact]
    public async Task StaticSource_OnDemand_StartsOnFirstReaderAndStopsAfterCloseAfter()
    {
        var factory = new FakeSourceFactory();
        var conf = new PathConf
        {
            Name = "~^cam(\\d+)$",
            Source = "fake://upstream/$G1",
            SourceOnDemand = true,
            SourceOnDemandCloseAfter = TimeSpan.FromMilliseconds(200),
        };
        using var pm = TestPaths.Manager(TestPaths.Conf(conf), null, factory);
        factory.Runs.Should().Be(0);

        var r = await pm.AddReaderAsync(TestPaths.Access("cam42"), new TestPaths.Peer(), default);

        r.Status.Should().Be(PathStatus.Ok);
        factory.LastUrl.Should().Be("fake://upstream/42");
        r.Value!.Dispose();
        await factory.Stopped.WaitAsync(Timeout);
        await WaitUntil(() => pm.Find("cam42") is null);
    }

    [Fact]
    public async Task StaticSource_OnDemandNeverReady_ReaderGetsNoStreamAfterTimeout()
    {
        var factory = new FakeSourceFactory { NeverReady = true };
        var conf = new PathConf { Name = "cam", Source = "fake://x", SourceOnDemand = true, SourceOnDemandStartTimeout = TimeSpan.FromMilliseconds(300) };
        using var pm = TestPaths.Manager(TestPaths.Conf(conf), null, factory);

        var r = await pm.AddReaderAsync(TestPaths.Access("cam"), new TestPaths.Peer(), default);

        r.Status.Should().Be(PathStatus.NoStream);
        r.Message.Should().Contain("did not become ready");
    }

    [Fact]
    public async Task StaticSource_UpstreamFails_PathNotReadyThenRetries()
    {
        var factory = new FakeSourceFactory { FailAfterReady = true };
        using var pm = TestPaths.Manager(TestPaths.Conf(new PathConf { Name = "cam", Source = "fake://x" }), null, factory);

        await WaitUntil(() => factory.Runs >= 2);
        factory.Runs.Should().BeGreaterThanOrEqualTo(2, "the source is retried after it fails");
    }

    [Fact]
    public async Task ApplyConf_UnchangedPath_KeepsPublisherAndReaders_ChangedPathIsClosed()
    {
        var keep = new PathConf { Name = "keep" };
        var change = new PathConf { Name = "change" };
        using var pm = TestPaths.Manager(TestPaths.Conf(keep, change));
        var keepPub = new TestPaths.Peer();
        var changePub = new TestPaths.Peer();
        (await pm.AddPublisherAsync(TestPaths.Access("keep"), keepPub, default)).Value!.StartStream(TestPaths.H264AndAac());
        (await pm.AddPublisherAsync(TestPaths.Access("change"), changePub, default)).Value!.StartStream(TestPaths.H264AndAac());
        var keepReader = new TestPaths.Peer();
        await pm.AddReaderAsync(TestPaths.Access("keep"), keepReader, default);

        pm.ApplyConf(TestPaths.Conf(keep with { }, change with { MaxReaders = 3 }));

        await changePub.Kicked.WaitAsync(Timeout);
        keepPub.Kicked.IsCompleted.Should().BeFalse();
        keepReader.Kicked.IsCompleted.Should().BeFalse();
        pm.Find("keep")!.IsReady.Should().BeTrue();
        pm.Find("change")!.IsReady.Should().BeFalse("the static path was recreated empty");
        pm.Find("change")!.Conf.MaxReaders.Should().Be(3);
    }

    [Fact]
    public async Task ApplyConf_RemovedConf_ClosesPath()
    {
        using var pm = TestPaths.Manager(TestPaths.Conf(new PathConf { Name = "gone" }, new PathConf { Name = "other" }));
        var pub = new TestPaths.Peer();
        (await pm.AddPublisherAsync(TestPaths.Access("gone"), pub, default)).Value!.StartStream(TestPaths.H264AndAac());

        pm.ApplyConf(TestPaths.Conf(new PathConf { Name = "other" }));

        await pub.Kicked.WaitAsync(Timeout);
        pm.Find("gone").Should().BeNull();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the condition should become true in time");
            await Task.Delay(20);
        }
    }

    private sealed class FakeSourceFactory : IStaticSourceFactory
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _runs;

        public bool NeverReady { get; init; }

        public bool FailAfterReady { get; init; }

        public Task Started => _started.Task;

        public Task Stopped => _stopped.Task;

        public int Runs => Volatile.Read(ref _runs);

        public string? LastUrl { get; private set; }

        public bool CanHandle(string sourceUrl) => sourceUrl.StartsWith("fake://", StringComparison.Ordinal);

        public IStaticSource Create(string sourceUrl)
        {
            LastUrl = sourceUrl;
            return new FakeSource(this);
        }

        private sealed class FakeSource(FakeSourceFactory owner) : IStaticSource
        {
            public string ApiType => "fakeSource";

            public async Task RunAsync(StaticSourceContext context, CancellationToken ct)
            {
                Interlocked.Increment(ref owner._runs);
                try
                {
                    if (!owner.NeverReady)
                    {
                        context.SetReady(TestPaths.H264AndAac());
                    }

                    owner._started.TrySetResult();
                    if (owner.FailAfterReady)
                    {
                        throw new IOException("upstream closed the connection");
                    }

                    await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, ct);
                }
                finally
                {
                    if (ct.IsCancellationRequested)
                    {
                        owner._stopped.TrySetResult();
                    }
                }
            }
        }
    }
}
