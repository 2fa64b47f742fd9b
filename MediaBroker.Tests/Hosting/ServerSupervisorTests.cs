using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Hosting;
using MediaBroker.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Hosting;

public sealed class ServerSupervisorTests
{
    [Fact]
    public async Task ApplyAsync_RestartsOnlyServersWhoseKeysChanged()
    {
        var rtsp = new FakeServer("RTSP", "rtspAddress", "rtspTransports", "readTimeout");
        var rtmp = new FakeServer("RTMP", "rtmpAddress", "readTimeout");
        var hls = new FakeServer("HLS", "hlsAddress", "hlsVariant");
        var supervisor = new ServerSupervisor([rtsp, rtmp, hls], NullLogger<ServerSupervisor>.Instance);
        var conf = new BrokerConf();
        await supervisor.StartAllAsync(conf, default);

        var next = conf with { RtmpAddress = ":1940", LogLevel = "debug" };
        var restarted = await supervisor.ApplyAsync(next, ConfDiff.ChangedGlobalKeys(conf, next), default);

        restarted.Should().Equal("RTMP");
        rtmp.Starts.Should().Be(2);
        rtmp.LastConf!.RtmpAddress.Should().Be(":1940");
        rtsp.Starts.Should().Be(1);
        hls.Starts.Should().Be(1);
    }

    [Fact]
    public async Task ApplyAsync_SharedKey_RestartsEveryServerThatReadsIt()
    {
        var rtsp = new FakeServer("RTSP", "readTimeout");
        var rtmp = new FakeServer("RTMP", "readTimeout");
        var api = new FakeServer("API", "apiAddress");
        var supervisor = new ServerSupervisor([rtsp, rtmp, api], NullLogger<ServerSupervisor>.Instance);
        var conf = new BrokerConf();
        await supervisor.StartAllAsync(conf, default);

        var next = conf with { ReadTimeout = TimeSpan.FromSeconds(3) };
        (await supervisor.ApplyAsync(next, ConfDiff.ChangedGlobalKeys(conf, next), default)).Should().Equal("RTSP", "RTMP");
        api.Starts.Should().Be(1);
    }

    [Fact]
    public async Task ApplyAsync_PathOrAuthUserChanges_RestartNoServer()
    {
        var rtsp = new FakeServer("RTSP", "rtspAddress");
        var supervisor = new ServerSupervisor([rtsp], NullLogger<ServerSupervisor>.Instance);
        var conf = new BrokerConf { Paths = [new PathConf { Name = "cam" }] };
        await supervisor.StartAllAsync(conf, default);

        var next = conf with { Paths = [new PathConf { Name = "cam", MaxReaders = 2 }], AuthInternalUsers = [] };
        (await supervisor.ApplyAsync(next, ConfDiff.ChangedGlobalKeys(conf, next), default)).Should().BeEmpty();
        rtsp.Starts.Should().Be(1);
        rtsp.Stops.Should().Be(0);
    }

    private sealed class FakeServer(string name, params string[] keys) : IBrokerServer
    {
        public string Name { get; } = name;

        public IReadOnlySet<string> ConfKeys { get; } = new HashSet<string>(keys);

        public int Starts { get; private set; }

        public int Stops { get; private set; }

        public BrokerConf? LastConf { get; private set; }

        public Task StartAsync(BrokerConf conf, CancellationToken ct)
        {
            Starts++;
            LastConf = conf;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct)
        {
            Stops++;
            return Task.CompletedTask;
        }
    }
}
