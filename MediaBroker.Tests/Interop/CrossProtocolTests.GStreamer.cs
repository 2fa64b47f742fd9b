using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Interop;

// GStreamer as the other side: its RTSP client and its RTMP publisher, which differ from ffmpeg's.
public sealed partial class CrossProtocolTests
{
    private const string GstLaunch = "/usr/bin/gst-launch-1.0";

    [Fact]
    public async Task RtmpPublish_GstRtspsrcReads_DecodesVideoAndAudio()
    {
        await using var publisher = MediaTools.PublishH264Aac("flv", _broker.Rtmp("gstread"));
        await _broker.Broker.Process.WaitForLineAsync(l => l.Contains("[path gstread] stream is ready", StringComparison.Ordinal), Timeout);

        // identity ends each branch after N decoded buffers: exit code 0 means both decoders produced them.
        await using var gst = ExternalProcess.Start(GstLaunch,
        [
            "-v", "rtspsrc", $"location={_broker.Rtsp("gstread")}", "protocols=tcp", "latency=0", "name=s",
            "s.", "!", "application/x-rtp,media=video", "!", "rtph264depay", "!", "h264parse", "!", "avdec_h264", "!",
            "identity", "eos-after=40", "!", "fakesink",
            "s.", "!", "application/x-rtp,media=audio", "!", "decodebin", "!", "audioconvert", "!",
            "identity", "eos-after=40", "!", "fakesink",
        ]);
        (await gst.WaitForExitAsync(Timeout)).Should().Be(0, gst.Output);
        gst.Output.Should().MatchRegex(@"avdec_h264-0\.GstPad:src: caps = video/x-raw, .*width=\(int\)320, height=\(int\)240",
            "GStreamer decoded 320x240 H264");
        gst.Output.Should().Contain("audio/x-raw", "GStreamer decoded the AAC track");
    }

    [Fact]
    public async Task GstRtmp2sinkPublish_ReadOverRtsp_H264AacDecoded()
    {
        // rtmp2sink splits the location into app and stream name: it needs both, and the path is "app/stream".
        await using var gst = ExternalProcess.Start(GstLaunch,
        [
            "-q", "videotestsrc", "is-live=true", "!", "video/x-raw,width=320,height=240,framerate=25/1", "!",
            "x264enc", "tune=zerolatency", "speed-preset=ultrafast", "key-int-max=25", "!", "h264parse", "!", "queue", "!",
            "flvmux", "name=m", "streamable=true", "!", "rtmp2sink", $"location={_broker.Rtmp("gst/pub")}",
            "audiotestsrc", "is-live=true", "!", "audioconvert", "!", "audioresample", "!", "audio/x-raw,rate=44100,channels=2", "!",
            "voaacenc", "!", "aacparse", "!", "queue", "!", "m.",
        ]);
        await _broker.Broker.Process.WaitForLineAsync(l => l.Contains("[path gst/pub] stream is ready", StringComparison.Ordinal), Timeout);

        await Task.WhenAll(
            ExpectH264AacAsync("RTSP/TCP", _broker.Rtsp("gst/pub"), "-rtsp_transport", "tcp"),
            ExpectH264AacAsync("RTMP", _broker.Rtmp("gst/pub")));
    }
}
