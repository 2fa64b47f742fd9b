using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Core;

/// <summary>The core's side of the cluster, with an in-memory directory: pulls on demand, claims before publishing.</summary>
public sealed class ClusterPathTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ReadersOfAPathOwnedElsewhere_ShareOnePullOverTcp_StoppedAfterTheLastReaderLeaves()
    {
        var directory = new FakeDirectory { Owners = { ["live/cam"] = "a" } };
        var factory = new PullSourceFactory();
        var conf = TestPaths.Conf(new PathConf { Name = "all_others", SourceOnDemandCloseAfter = TimeSpan.FromMilliseconds(200), RtspTransport = "udp" });
        using var pm = Manager(conf, directory, factory);

        var r1 = await pm.AddReaderAsync(TestPaths.Access("live/cam"), new TestPaths.Peer(), default);
        var r2 = await pm.AddReaderAsync(TestPaths.Access("live/cam"), new TestPaths.Peer(), default);

        r1.Status.Should().Be(PathStatus.Ok);
        r2.Status.Should().Be(PathStatus.Ok);
        factory.Runs.Should().Be(1);
        factory.LastUrl.Should().Be("fake://a/live/cam");
        factory.LastTransport.Should().Be("tcp", "node-to-node pulls ignore the path's rtspTransport");
        pm.Find("live/cam")!.ClusterPullNode.Should().Be("a");

        r1.Value!.Dispose();
        r2.Value!.Dispose();
        await factory.Stopped.WaitAsync(Timeout);
        await WaitUntil(() => pm.Find("live/cam") is null);
    }

    [Fact]
    public async Task NoNodeHasThePath_ReaderIsRefusedAtOnce()
    {
        using var pm = Manager(TestPaths.Conf(), new FakeDirectory(), new PullSourceFactory());

        var r = await pm.AddReaderAsync(TestPaths.Access("nobody"), new TestPaths.Peer(), default);

        r.Status.Should().Be(PathStatus.NoStream);
    }

    [Fact]
    public async Task DirectoryRefusesTheClaim_PublishIsBusy()
    {
        var directory = new FakeDirectory { Refused = { "taken" } };
        using var pm = Manager(TestPaths.Conf(), directory, new PullSourceFactory());

        var r = await pm.AddPublisherAsync(TestPaths.Access("taken"), new TestPaths.Peer(), default);

        r.Status.Should().Be(PathStatus.PublisherBusy);
        directory.Claims.Should().Equal("taken");
    }

    [Fact]
    public async Task LocalPublisher_ReplacesThePull()
    {
        var directory = new FakeDirectory { Owners = { ["cam"] = "a" } };
        var factory = new PullSourceFactory();
        using var pm = Manager(TestPaths.Conf(), directory, factory);
        var reader = await pm.AddReaderAsync(TestPaths.Access("cam"), new TestPaths.Peer(), default);
        reader.Status.Should().Be(PathStatus.Ok);

        var pub = await pm.AddPublisherAsync(TestPaths.Access("cam"), new TestPaths.Peer(), default);

        pub.Status.Should().Be(PathStatus.Ok);
        pm.Find("cam")!.ClusterPullNode.Should().BeNull();
        await factory.Stopped.WaitAsync(Timeout);
        pub.Value!.StartStream(TestPaths.H264AndAac());
        pm.Find("cam")!.Source!.ApiType.Should().Be("rtspSession");
    }

    private static PathManager Manager(BrokerConf conf, IClusterDirectory directory, IStaticSourceFactory factory) =>
        new(conf, new TestPaths.AllowAllAuthorizer(), NullLoggerFactory.Instance, [factory], cluster: directory);

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            await Task.Delay(20, cts.Token);
        }
    }

    private sealed class FakeDirectory : IClusterDirectory
    {
        public Dictionary<string, string> Owners { get; } = [];

        public HashSet<string> Refused { get; } = [];

        public List<string> Claims { get; } = [];

        public bool IsEnabled => true;

        public string NodeName => "b";

        public IReadOnlyList<ClusterNodeStatus> Nodes => [];

        public ValueTask<bool> ClaimAsync(string path, bool overridePublisher, CancellationToken ct)
        {
            Claims.Add(path);
            return ValueTask.FromResult(!Refused.Contains(path));
        }

        public ValueTask<ClusterPull?> LocateAsync(MediaPath path, CancellationToken ct) =>
            ValueTask.FromResult(Owners.TryGetValue(path.Name, out var node) ? new ClusterPull(node, $"fake://{node}/{path.Name}") : null);

        public string? RedirectReader(MediaPath path, AccessRequest access) => null;

        public string? OwnerOf(MediaPath path) => path.ClusterPullNode;
    }

    private sealed class PullSourceFactory : IStaticSourceFactory
    {
        private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _runs;

        public Task Stopped => _stopped.Task;

        public int Runs => Volatile.Read(ref _runs);

        public string? LastUrl { get; private set; }

        public string? LastTransport { get; private set; }

        public bool CanHandle(string sourceUrl) => sourceUrl.StartsWith("fake://", StringComparison.Ordinal);

        public IStaticSource Create(string sourceUrl)
        {
            LastUrl = sourceUrl;
            return new Source(this);
        }

        private sealed class Source(PullSourceFactory owner) : IStaticSource
        {
            public string ApiType => "rtspSource";

            public async Task RunAsync(StaticSourceContext context, CancellationToken ct)
            {
                Interlocked.Increment(ref owner._runs);
                owner.LastTransport = context.Conf.RtspTransport;
                try
                {
                    context.SetReady(TestPaths.H264AndAac());
                    await Task.Delay(System.Threading.Timeout.Infinite, ct);
                }
                finally
                {
                    owner._stopped.TrySetResult();
                }
            }
        }
    }
}
