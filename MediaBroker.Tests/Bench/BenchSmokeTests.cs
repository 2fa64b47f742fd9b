using System.Diagnostics;
using FluentAssertions;
using MediaBroker.Bench;
using MediaBroker.Protocols.Srt;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Bench;

/// <summary>The benchmark's own readers against the real broker, so that the tool cannot silently rot. No timing assertions.</summary>
public sealed class BenchSmokeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Readers_RtmpAndRtspAndHlsAndHttpFlvAgainstBroker_CountMedia()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "paths:\n  all_others:\n");
        var rtmp = (await broker.ListenerAsync("RTMP")).Port;
        var rtsp = (await broker.ListenerAsync("RTSP")).Port;
        var hls = (await broker.ListenerAsync("HLS")).Port;
        await using var publisher = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{rtmp}/live/bench");
        (await MediaTools.ProbeWhenReadyAsync($"rtmp://127.0.0.1:{rtmp}/live/bench", Timeout)).Should().Contain(s => s.Codec == "h264");

        using var stop = new CancellationTokenSource();
        var rtmpCounters = new ReaderCounters();
        var rtspCounters = new ReaderCounters();
        var hlsCounters = new ReaderCounters();
        var flvCounters = new ReaderCounters();
        var readers = new[]
        {
            RtmpReader.RunAsync(rtmp, "live", "bench", rtmpCounters, stop.Token),
            RtspReader.RunAsync(rtsp, "live/bench", rtspCounters, stop.Token),
            HlsReader.RunAsync(hls, "live/bench", hlsCounters, stop.Token),
            HttpFlvReader.RunAsync(hls, "live/bench", flvCounters, stop.Token),
        };

        // Poll with a deadline: each reader must see several video messages / RTP packets / HLS parts.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Timeout && (rtmpCounters.Messages < 30 || rtspCounters.Messages < 30 || hlsCounters.Messages < 2
            || flvCounters.Messages < 30)
            && readers.All(r => !r.IsCompleted))
        {
            await Task.Delay(100);
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers).WaitAsync(Timeout);

        rtmpCounters.Error.Should().BeNull();
        rtspCounters.Error.Should().BeNull();
        hlsCounters.Error.Should().BeNull();
        rtmpCounters.Messages.Should().BeGreaterOrEqualTo(30, "about 25-30 video messages arrive per second");
        rtmpCounters.Bytes.Should().BeGreaterThan(rtmpCounters.Messages * 10);
        rtspCounters.Messages.Should().BeGreaterOrEqualTo(30);
        rtspCounters.Bytes.Should().BeGreaterThan(rtspCounters.Messages * 12, "every RTP packet has at least its 12-byte header");
        hlsCounters.Messages.Should().BeGreaterOrEqualTo(2);
        hlsCounters.Bytes.Should().BeGreaterThan(0);
        hlsCounters.Requests.Should().BeGreaterThan(hlsCounters.Messages, "every part is found through a blocking playlist request");
        flvCounters.Error.Should().BeNull();
        flvCounters.Messages.Should().BeGreaterOrEqualTo(30, "HTTP-FLV video tags arrive as RTMP's video messages do");
        flvCounters.Bytes.Should().BeGreaterThan(flvCounters.Messages * 15, "every tag has its 11-byte header and 4-byte size");
    }

    [Fact]
    public async Task Readers_RtspUdpAndSrtAgainstBroker_CountMedia()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "paths:\n  all_others:\n");
        var rtmp = (await broker.ListenerAsync("RTMP")).Port;
        var rtsp = (await broker.ListenerAsync("RTSP")).Port;
        var srtPort = (await broker.ListenerAsync("SRT")).Port;
        await using var publisher = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{rtmp}/live/bench");
        (await MediaTools.ProbeWhenReadyAsync($"rtmp://127.0.0.1:{rtmp}/live/bench", Timeout)).Should().Contain(s => s.Codec == "h264");

        using var srt = new SrtRuntime(NullLoggerFactory.Instance);
        using var stop = new CancellationTokenSource();
        var udpCounters = new ReaderCounters();
        var srtCounters = new ReaderCounters();
        var readers = new[]
        {
            RtspReader.RunUdpAsync(rtsp, "live/bench", udpCounters, stop.Token),
            SrtReader.RunAsync(srt, new SrtCallerPort(), srtPort, "live/bench", srtCounters, stop.Token),
        };

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Timeout && (udpCounters.Messages < 30 || srtCounters.Messages < 100) && readers.All(r => !r.IsCompleted))
        {
            await Task.Delay(100);
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers).WaitAsync(Timeout);

        udpCounters.Error.Should().BeNull();
        srtCounters.Error.Should().BeNull();
        udpCounters.Messages.Should().BeGreaterOrEqualTo(30, "RTP packets arrive on the UDP client ports");
        udpCounters.Bytes.Should().BeGreaterThan(udpCounters.Messages * 12, "every RTP packet has at least its 12-byte header");
        srtCounters.Messages.Should().BeGreaterOrEqualTo(100, "MPEG-TS packets arrive over SRT");
        srtCounters.Bytes.Should().Be(srtCounters.Messages * 188, "SRT messages carry whole 188-byte TS packets");
    }

    [Theory]
    [InlineData("rtmp")]
    [InlineData("rtsp")]
    public async Task Churn_TwentyConnections_AllReceiveMediaAndNoSessionIsLeft(string proto)
    {
        var result = await ChurnRunner.RunAsync(new ChurnOptions
        {
            Proto = proto,
            Connections = 20,
            Concurrency = 5,
            SettleSeconds = 1,
            SampleEvery = 10,
            BrokerCpus = null,
            PublisherCpus = null,
            BrokerDll = Path.Combine(AppContext.BaseDirectory, "mediabroker.dll"),
        }, TextWriter.Null).WaitAsync(TimeSpan.FromMinutes(4));

        result.Failures.Should().Be(0, result.FirstError);
        result.Connections.Should().Be(20);
        result.RssSamplesMib.Should().HaveCount(2).And.OnlyContain(m => m > 0);
        result.BrokerSessionsLeft.Should().Be(0, "every churned reader disconnected");
    }
}
