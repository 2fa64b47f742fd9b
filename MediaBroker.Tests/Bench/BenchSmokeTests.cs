using System.Diagnostics;
using FluentAssertions;
using MediaBroker.Bench;
using Xunit;

namespace MediaBroker.Tests.Bench;

/// <summary>The benchmark's own readers against the real broker, so that the tool cannot silently rot. No timing assertions.</summary>
public sealed class BenchSmokeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Readers_RtmpAndRtspAndHlsAgainstBroker_CountMedia()
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
        var readers = new[]
        {
            RtmpReader.RunAsync(rtmp, "live", "bench", rtmpCounters, stop.Token),
            RtspReader.RunAsync(rtsp, "live/bench", rtspCounters, stop.Token),
            HlsReader.RunAsync(hls, "live/bench", hlsCounters, stop.Token),
        };

        // Poll with a deadline: each reader must see several video messages / RTP packets / HLS parts.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Timeout && (rtmpCounters.Messages < 30 || rtspCounters.Messages < 30 || hlsCounters.Messages < 2)
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
    }
}
