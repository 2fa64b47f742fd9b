using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Interop;

/// <summary>
/// Every <c>hlsVariant</c> through the real executable (issue 5): ffmpeg publishes 320x240 H264 + AAC over RTMP on one
/// path and over RTSP/TCP on another at the same time, and ffprobe reads both HLS playlists in parallel. A variant is
/// a global setting, so each case starts its own broker.
/// </summary>
public sealed class HlsVariantInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    /// <summary>Two seconds read at 25 fps; ffprobe starts at a key frame and HLS hands it whole segments, so well over this.</summary>
    private const int MinVideoFrames = 10;
    private const int MinAudioFrames = 10;

    [Theory]
    [InlineData("mpegts", ".ts", "#EXT-X-MAP")]
    [InlineData("fmp4", "#EXT-X-MAP", "#EXT-X-PART")]
    [InlineData("lowLatency", "#EXT-X-PART:", ".ts")]
    public async Task RtmpAndRtspPublish_ReadOverHlsVariant_H264AacDecoded(string variant, string listed, string absent)
    {
        await using var broker = await BrokerProcess.StartAsync(
            BrokerProcess.LoopbackListeners + $"hlsVariant: {variant}\npaths:\n  all_others:\n");
        var rtsp = (await broker.ListenerAsync("RTSP")).Port;
        var rtmp = (await broker.ListenerAsync("RTMP")).Port;
        var hls = (await broker.ListenerAsync("HLS")).Port;

        await using var rtmpPublisher = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{rtmp}/rtmpin");
        await using var rtspPublisher = MediaTools.PublishH264Aac("rtsp", $"rtsp://127.0.0.1:{rtsp}/rtspin", 60, "-rtsp_transport", "tcp");

        await Task.WhenAll(
            ExpectH264AacAsync(broker, $"{variant} from RTMP", "rtmpin", hls),
            ExpectH264AacAsync(broker, $"{variant} from RTSP", "rtspin", hls));

        // The variant really is the one configured: its media playlist lists its kind of segments (or parts).
        using var http = new HttpClient { Timeout = Timeout };
        foreach (var path in new[] { "rtmpin", "rtspin" })
        {
            var playlist = await http.GetStringAsync($"http://127.0.0.1:{hls}/{path}/stream.m3u8");
            playlist.Should().Contain(listed, $"{variant} on {path}").And.NotContain(absent, $"{variant} on {path}");
        }
    }

    /// <summary>Waits for the path's stream, then decodes two seconds of its HLS playlist: codec, size, frame counts.</summary>
    private static async Task ExpectH264AacAsync(BrokerProcess broker, string via, string path, int hlsPort)
    {
        await broker.Process.WaitForLineAsync(l => l.Contains($"[path {path}] stream is ready", StringComparison.Ordinal), Timeout);

        // The playlist answers only once the muxer has cut a segment or two, so the first probes may fail.
        var streams = await MediaTools.ProbeWhenReadyAsync($"http://127.0.0.1:{hlsPort}/{path}/index.m3u8", Timeout);
        streams.Should().ContainSingle(s => s.Type == "video", via)
            .Which.Should().Match<ProbedStream>(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > MinVideoFrames,
                $"{via} should carry 320x240 H264 with more than {MinVideoFrames} frames decoded: {string.Join("; ", streams)}");
        streams.Should().ContainSingle(s => s.Type == "audio", via)
            .Which.Should().Match<ProbedStream>(s => s.Codec == "aac" && s.Frames > MinAudioFrames,
                $"{via} should carry AAC with more than {MinAudioFrames} frames decoded: {string.Join("; ", streams)}");
    }
}
