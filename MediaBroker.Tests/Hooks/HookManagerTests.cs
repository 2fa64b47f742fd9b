using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Hooks;
using MediaBroker.Tests.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Hooks;

public sealed class HookManagerTests
{
    private static readonly HookTimings s_fast = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

    private static (HookManager, PathManager) Start(BrokerConf conf)
    {
        conf = conf with { RtspAddress = ":8555" };
        var hooks = new HookManager(() => conf, NullLogger<HookManager>.Instance, s_fast);
        var paths = new PathManager(conf, new TestPaths.AllowAllAuthorizer(), NullLoggerFactory.Instance, [], hooks);
        return (hooks, paths);
    }

    private static Dictionary<string, string> ParseEnv(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1]);

    [Fact]
    public async Task RunOnReadyAndRead_ScriptsSeeMediaMtxVariables()
    {
        using var box = new HookSandbox();
        var dump = box.Script("dump.sh", "env > \"$1.tmp\"; mv \"$1.tmp\" \"$1\"");
        var conf = TestPaths.Conf(new PathConf
        {
            Name = "~^cam(\\d+)_(\\w+)$",
            RunOnAvailable = $"{dump} {box.PathOf("ready")}",
            RunOnRead = $"{dump} {box.PathOf("read")}",
            RunOnUnread = $"{dump} {box.PathOf("unread")}",
            RunOnUnavailable = $"{dump} {box.PathOf("notready")}",
        });
        var (hooks, paths) = Start(conf);
        await using (hooks)
        using (paths)
        {
            var publisher = new TestPaths.Peer("rtmpConn");
            var lease = (await paths.AddPublisherAsync(TestPaths.Access("cam12_front") with { Query = "user=x" }, publisher, CancellationToken.None)).Value!;
            lease.StartStream(TestPaths.H264AndAac());
            var reader = new TestPaths.Peer("rtspSession");
            var readLease = (await paths.AddReaderAsync(TestPaths.Access("cam12_front") with { Query = "r=1" }, reader, CancellationToken.None)).Value!;

            var ready = ParseEnv(await box.WaitForAsync("ready", t => t.Length > 0));
            ready.Should().Contain(new Dictionary<string, string>
            {
                ["MTX_PATH"] = "cam12_front", ["MTX_QUERY"] = "user=x", ["RTSP_PORT"] = "8555", ["G1"] = "12", ["G2"] = "front",
                ["MTX_SOURCE_TYPE"] = "rtmpConn", ["MTX_SOURCE_ID"] = publisher.Id.ToString(),
            });
            var read = ParseEnv(await box.WaitForAsync("read", t => t.Length > 0));
            read.Should().Contain(new Dictionary<string, string>
            {
                ["MTX_PATH"] = "cam12_front", ["MTX_QUERY"] = "r=1", ["MTX_READER_TYPE"] = "rtspSession", ["MTX_READER_ID"] = reader.Id.ToString(),
            });

            readLease.Dispose();
            ParseEnv(await box.WaitForAsync("unread", t => t.Length > 0))["MTX_READER_ID"].Should().Be(reader.Id.ToString());
            lease.Dispose();
            ParseEnv(await box.WaitForAsync("notready", t => t.Length > 0))["MTX_SOURCE_TYPE"].Should().Be("rtmpConn");
        }
    }

    [Fact]
    public async Task RunOnDemand_StartsCommandThatPublishes_StopsItAfterReadersLeave()
    {
        using var box = new HookSandbox();
        var demand = box.Script("demand.sh",
            $"trap 'echo stopped >> {box.PathOf("log")}; exit 0' INT\necho \"started $MTX_PATH $MTX_QUERY\" >> {box.PathOf("log")}\nwhile true; do sleep 0.05; done");
        var conf = TestPaths.Conf(new PathConf
        {
            Name = "ondemand",
            RunOnDemand = demand,
            RunOnDemandStartTimeout = TimeSpan.FromSeconds(10),
            RunOnDemandCloseAfter = TimeSpan.FromMilliseconds(100),
            RunOnUnDemand = $"sh -c 'echo undemand >> {box.PathOf("log")}'",
        });
        var (hooks, paths) = Start(conf);
        await using (hooks)
        using (paths)
        {
            var readTask = paths.AddReaderAsync(TestPaths.Access("ondemand") with { Query = "q=1" }, new TestPaths.Peer(), CancellationToken.None).AsTask();
            await box.WaitForAsync("log", t => t.Contains("started ondemand q=1", StringComparison.Ordinal));

            // What the hook's publisher (ffmpeg in production) does once it is up.
            using var lease = (await paths.AddPublisherAsync(TestPaths.Access("ondemand"), new TestPaths.Peer("rtspSession"), CancellationToken.None)).Value!;
            lease.StartStream(TestPaths.H264AndAac());
            var reader = (await readTask.WaitAsync(TimeSpan.FromSeconds(10))).Value!;
            reader.Dispose();

            var log = await box.WaitForAsync("log", t => t.Contains("undemand", StringComparison.Ordinal) && t.Contains("stopped", StringComparison.Ordinal));
            log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("started", StringComparison.Ordinal)).Should().Be(1);
        }
    }

    [Fact]
    public async Task RunOnInit_RunsWhileStaticPathExists_StoppedAtShutdown()
    {
        using var box = new HookSandbox();
        var init = box.Script("init.sh", $"trap 'echo stopped >> {box.PathOf("log")}; exit 0' INT\necho \"init $MTX_PATH\" >> {box.PathOf("log")}\nwhile true; do sleep 0.05; done");
        var (hooks, paths) = Start(TestPaths.Conf(new PathConf { Name = "static1", RunOnInit = init }));
        await box.WaitForAsync("log", t => t.Contains("init static1", StringComparison.Ordinal));
        paths.Dispose();
        await box.WaitForAsync("log", t => t.Contains("stopped", StringComparison.Ordinal));
        await hooks.DisposeAsync();
    }

    [Fact]
    public async Task RunOnConnect_AndDisconnect_GetConnectionVariables()
    {
        using var box = new HookSandbox();
        var conf = new BrokerConf
        {
            RunOnConnect = $"sh -c 'echo \"connect $MTX_CONN_TYPE $MTX_CONN_ID $RTSP_PORT\" >> {box.PathOf("log")}'",
            RunOnDisconnect = $"sh -c 'echo \"disconnect $MTX_CONN_TYPE\" >> {box.PathOf("log")}'",
        };
        var (hooks, paths) = Start(conf);
        await using (hooks)
        using (paths)
        {
            var id = Guid.NewGuid();
            var handle = hooks.OnConnect("rtmpConn", id);
            await box.WaitForAsync("log", t => t.Contains($"connect rtmpConn {id} 8555", StringComparison.Ordinal));
            handle.Dispose();
            handle.Dispose();
            await box.WaitForAsync("log", t => t.Contains("disconnect rtmpConn", StringComparison.Ordinal));
        }
    }
}
