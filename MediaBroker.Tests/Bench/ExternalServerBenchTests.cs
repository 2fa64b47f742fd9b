using FluentAssertions;
using MediaBroker.Bench;
using Xunit;

namespace MediaBroker.Tests.Bench;

/// <summary>
/// The tool against a server it did not start (<c>--server-pid</c>, how SRS is measured side by side): here a broker
/// started by the test, reached only through its RTMP port and a WHEP URL given in full. No timing assertions.
/// </summary>
// One collection: these encode the shared /tmp clip on first use, which must not happen twice at once.
[Collection("BenchClip")]
public sealed class ExternalServerBenchTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(150);

    [RequiresFfmpegFact]
    public async Task Fanout_ExternalServer_ReadsRtmpAndWhepAndMeasuresThatProcess()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "paths:\n  all_others:\n");
        var rtmp = (await broker.ListenerAsync("RTMP")).Port;
        var webrtc = (await broker.ListenerAsync("WebRTC")).Port;
        var server = new ExternalServer(broker.Process.Id, rtmp, new Uri($"http://127.0.0.1:{webrtc}/live/bench/whep"));
        var options = new FanoutOptions
        {
            Proto = "rtmp,webrtc", Readers = 2, Seconds = 2, WarmupSeconds = 2, BrokerCpus = null, PublisherCpus = null, Server = server,
        };

        var result = await FanoutRunner.RunAsync(options, TextWriter.Null).WaitAsync(Timeout);

        result.FirstError.Should().BeNull();
        result.Failed.Should().Be(0);
        result.MinReaderKbps.Should().BeGreaterThan(100, "both the RTMP and the WHEP reader receive the ~2 Mbit/s clip");
        result.BrokerCores.Should().BeGreaterThan(0, "the CPU is sampled from the given process, which serves two readers");
        result.RssMib.Should().BeGreaterThan(10);
        result.BrokerDrops.Should().BeNull("an external server has no API the tool reads");
        result.BrokerClosed.Should().BeNull();
    }

    [RequiresFfmpegFact]
    public async Task Latency_ExternalServer_RtmpReadersCollectSamples()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "paths:\n  all_others:\n");
        var rtmp = (await broker.ListenerAsync("RTMP")).Port;
        var options = new LatencyOptions
        {
            Pair = "rtmp-rtmp", Readers = [2], Seconds = 2, WarmupSeconds = 1, BrokerCpus = null, Server = new ExternalServer(broker.Process.Id, rtmp, null),
        };

        var results = await LatencyRunner.RunAsync(options, TextWriter.Null).WaitAsync(Timeout);

        var r = results.Should().ContainSingle().Subject;
        r.FirstError.Should().BeNull();
        r.ReadersWithoutSamples.Should().Be(0);
        ((long)r.Samples).Should().BeGreaterThan(r.FramesSent, "both readers see most frames");
        r.BrokerCores.Should().BeGreaterThan(0);
    }

    [RequiresFfmpegFact]
    public async Task Publishers_ExternalServer_OneRtmpReaderPerStreamReceivesMediaWithoutApi()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "paths:\n  all_others:\n");
        var rtmp = (await broker.ListenerAsync("RTMP")).Port;
        var options = new PublishersOptions
        {
            Count = 2, Seconds = 2, WarmupSeconds = 1, BrokerCpus = null, PublisherCpus = null, Server = new ExternalServer(broker.Process.Id, rtmp, null),
        };

        var result = await PublishersRunner.RunAsync(options, TextWriter.Null).WaitAsync(Timeout);

        result.FirstError.Should().BeNull();
        result.Streams.Should().Be(2);
        result.Failed.Should().Be(0);
        result.MinReaderKbps.Should().BeGreaterThan(100, "each stream's reader receives its ~2 Mbit/s publisher");
        result.BrokerCores.Should().BeGreaterThan(0, "the CPU is sampled from the given process, which relays two streams");
        result.RssMib.Should().BeGreaterThan(10);
        result.EmptyRssMib.Should().BeGreaterThan(10);
        result.PublisherCores.Should().BeGreaterThan(0);
        result.BrokerDrops.Should().BeNull("an external server has no API the tool reads");
        var markdown = Report.Markdown([result]);
        markdown.Should().Contain("| rtmp | 2 |").And.Contain("| – |", "the drops column is a dash, not a zero");
    }

    [Fact]
    public async Task Publishers_ExternalServerWithHlsReaders_Refused()
    {
        var options = new PublishersOptions { Count = 1, Proto = "hls", Server = new ExternalServer(Environment.ProcessId, 1, null) };

        await FluentActions.Awaiting(() => PublishersRunner.RunAsync(options, TextWriter.Null)).Should().ThrowAsync<ArgumentException>().WithMessage("*rtmp*");
    }

    [Fact]
    public void FromOptions_ServerPid_NeedsRtmpPortAndReadsOnlyRtmpOrWhep()
    {
        ExternalServer.FromOptions(new Dictionary<string, string>()).Should().BeNull("without --server-pid the tool starts its broker");
        FluentActions.Invoking(() => ExternalServer.FromOptions(new Dictionary<string, string> { ["server-pid"] = "42" }))
            .Should().Throw<ArgumentException>().WithMessage("*--server-rtmp*");

        var server = ExternalServer.FromOptions(new Dictionary<string, string>
        {
            ["server-pid"] = "42", ["server-rtmp"] = "19350", ["server-whep"] = "http://127.0.0.1:1985/rtc/v1/whep/?app=live&stream=bench",
        })!;

        server.Should().Be(new ExternalServer(42, 19350, new Uri("http://127.0.0.1:1985/rtc/v1/whep/?app=live&stream=bench")));
        server.Ports.Rtmp.Should().Be(19350);
        server.Ports.WhepUri("live/bench").Should().Be(server.Whep);
        FluentActions.Invoking(() => server.CheckReaders("rtmp,webrtc")).Should().NotThrow();
        FluentActions.Invoking(() => server.CheckReaders("rtmp,hls")).Should().Throw<ArgumentException>().WithMessage("*not hls*");
        FluentActions.Invoking(() => (server with { Whep = null }).CheckReaders("webrtc")).Should().Throw<ArgumentException>();
        new BrokerPorts(1, 2, 3, 4, 5, 6).WhepUri("live/bench").Should().Be(new Uri("http://127.0.0.1:6/live/bench/whep"));
    }
}
