using FluentAssertions;
using MediaBroker.Bench;
using Xunit;

namespace MediaBroker.Tests.Bench;

/// <summary>The latency scenario's own publishers, checked by a real client: ffprobe must decode what the broker relays.</summary>
// One collection: both encode the shared /tmp clip on first use, which must not happen twice at once.
[Collection("BenchClip")]
public sealed class FramePublisherTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Publishers_RtspAndRtmpWithSeiMarker_FfprobeDecodes720pH264()
    {
        var clip = await AnnexBClip.LoadAsync(await SourceClip.EnsureAsync(SourceClip.DefaultPath)).WaitAsync(TimeSpan.FromMinutes(3));
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "paths:\n  all_others:\n");
        var rtmp = (await broker.ListenerAsync("RTMP")).Port;
        var rtsp = (await broker.ListenerAsync("RTSP")).Port;
        using var stop = new CancellationTokenSource();
        await using var rtspPublisher = await RtspFramePublisher.ConnectAsync(rtsp, "live/a", clip, stop.Token).WaitAsync(Timeout);
        await using var rtmpPublisher = await RtmpFramePublisher.ConnectAsync(rtmp, "live", "b", clip, stop.Token).WaitAsync(Timeout);
        var rtspStats = new PublisherStats();
        var rtmpStats = new PublisherStats();
        var sending = new[]
        {
            LatencyPublisher.RunAsync(clip, rtspPublisher, rtspStats, stop.Token),
            LatencyPublisher.RunAsync(clip, rtmpPublisher, rtmpStats, stop.Token),
        };

        try
        {
            // Both are read back over RTSP and RTMP, so each publisher is checked through the other protocol too.
            foreach (var url in new[] { $"rtsp://127.0.0.1:{rtsp}/live/a", $"rtmp://127.0.0.1:{rtmp}/live/b", $"rtmp://127.0.0.1:{rtmp}/live/a", $"rtsp://127.0.0.1:{rtsp}/live/b" })
            {
                var streams = await MediaTools.ProbeWhenReadyAsync(url, Timeout, 3);
                streams.Should().ContainSingle(s => s.Type == "video", url)
                    .Which.Should().Match<ProbedStream>(s => s.Codec == "h264" && s.Width == 1280 && s.Height == 720 && s.Frames >= 30, url);
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await Task.WhenAll(sending).WaitAsync(Timeout);
            }
            catch (OperationCanceledException)
            {
                // The pacing delay ends with the cancellation.
            }
        }

        rtspStats.Frames.Should().BeGreaterThan(60);
        rtmpStats.Frames.Should().BeGreaterThan(60);
    }
}
