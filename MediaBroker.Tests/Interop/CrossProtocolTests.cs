using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Interop;

/// <summary>
/// Any protocol in, any protocol out, through the real executable: ffmpeg publishes a 320x240 H264 + AAC
/// stream over one protocol and ffprobe decodes it over the others (in parallel: readers share the stream).
/// </summary>
public sealed partial class CrossProtocolTests : IClassFixture<CrossProtocolBroker>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    /// <summary>Two seconds of 25 fps video and 44.1 kHz AAC (43 frames/s); ffprobe starts at a key frame, so less is decoded.</summary>
    private const int MinVideoFrames = 15;
    private const int MinAudioFrames = 15;

    private readonly CrossProtocolBroker _broker;

    public CrossProtocolTests(CrossProtocolBroker broker) => _broker = broker;

    [Fact]
    public async Task RtmpPublish_ReadOverRtspTcpUdpHlsSrt_H264AacDecoded()
    {
        await using var publisher = MediaTools.PublishH264Aac("flv", _broker.Rtmp("rtmpin"));
        await _broker.Broker.Process.WaitForLineAsync(l => l.Contains("[path rtmpin] stream is ready", StringComparison.Ordinal), Timeout);

        await Task.WhenAll(
            ExpectH264AacAsync("RTSP/TCP", _broker.Rtsp("rtmpin"), "-rtsp_transport", "tcp"),
            ExpectH264AacAsync("RTSP/UDP", _broker.Rtsp("rtmpin"), "-rtsp_transport", "udp"),
            ExpectH264AacAsync("SRT", _broker.SrtRead("rtmpin")),
            ExpectH264AacAsync("HLS", _broker.Hls("rtmpin")));
    }

    [Fact]
    public async Task RtspPublish_ReadOverRtmpHlsSrt_H264AacDecoded()
    {
        await using var publisher = MediaTools.PublishH264Aac("rtsp", _broker.Rtsp("rtspin"), 60, "-rtsp_transport", "tcp");
        await _broker.Broker.Process.WaitForLineAsync(l => l.Contains("[path rtspin] stream is ready", StringComparison.Ordinal), Timeout);

        await Task.WhenAll(
            ExpectH264AacAsync("RTMP", _broker.Rtmp("rtspin")),
            ExpectH264AacAsync("SRT", _broker.SrtRead("rtspin")),
            ExpectH264AacAsync("HLS", _broker.Hls("rtspin")));
    }

    [Fact]
    public async Task SrtPublish_ReadOverRtspRtmpHls_H264AacDecoded()
    {
        await using var publisher = MediaTools.PublishH264Aac("mpegts", _broker.SrtPublish("srtin"));
        await _broker.Broker.Process.WaitForLineAsync(l => l.Contains("[path srtin] stream is ready", StringComparison.Ordinal), Timeout);

        await Task.WhenAll(
            ExpectH264AacAsync("RTSP/TCP", _broker.Rtsp("srtin"), "-rtsp_transport", "tcp"),
            ExpectH264AacAsync("RTMP", _broker.Rtmp("srtin")),
            ExpectH264AacAsync("HLS", _broker.Hls("srtin")));
    }

    /// <summary>Decodes two seconds over <paramref name="url"/> and checks both tracks: codec, size, frame counts.</summary>
    private static async Task ExpectH264AacAsync(string via, string url, params string[] inputArgs)
    {
        // HLS needs a segment or two before the playlist exists; the others answer at once.
        var streams = await MediaTools.ProbeWhenReadyAsync(url, Timeout, 2, inputArgs);
        // Nothing else: a player shown a data or subtitle stream it did not ask for (e.g. onMetaData with a timestamp) may pick it.
        streams.Should().OnlyContain(s => s.Type == "video" || s.Type == "audio", $"{via} should carry only the published tracks: {string.Join("; ", streams)}");
        streams.Should().ContainSingle(s => s.Type == "video", via)
            .Which.Should().Match<ProbedStream>(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > MinVideoFrames,
                $"{via} should carry 320x240 H264 with more than {MinVideoFrames} frames decoded: {string.Join("; ", streams)}");
        streams.Should().ContainSingle(s => s.Type == "audio", via)
            .Which.Should().Match<ProbedStream>(s => s.Codec == "aac" && s.Frames > MinAudioFrames,
                $"{via} should carry AAC with more than {MinAudioFrames} frames decoded: {string.Join("; ", streams)}");
    }
}
