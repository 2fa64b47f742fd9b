using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtmp;

/// <summary>GStreamer as a second, independent RTMP implementation.</summary>
public sealed class RtmpGStreamerTests
{
    [Fact]
    public async Task Publish_GStreamerRtmp2Sink_FfmpegReadsH264AndAac()
    {
        await using var server = await RtmpTestServer.StartAsync();
        await using var publisher = ExternalProcess.Start("/usr/bin/gst-launch-1.0",
        [
            "-q", "videotestsrc", "is-live=true", "num-buffers=500", "!", "video/x-raw,width=320,height=240,framerate=25/1",
            "!", "x264enc", "tune=zerolatency", "key-int-max=25", "speed-preset=ultrafast", "!", "h264parse", "!", "queue", "!", "mux.",
            "audiotestsrc", "is-live=true", "!", "audioconvert", "!", "avenc_aac", "!", "aacparse", "!", "queue", "!", "mux.",
            "flvmux", "name=mux", "streamable=true", "!", "rtmp2sink", $"location={server.Url}/live/gst",
        ]);
        await server.WaitReadyAsync("live/gst", Ffmpeg.Timeout);
        server.Paths.Find("live/gst")!.Stream!.Tracks.Select(t => t.Codec.Name).Should().Equal("H264", "MPEG-4 Audio");

        var streams = await MediaTools.ProbeAsync($"{server.Url}/live/gst");

        streams.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 10);
        streams.Should().Contain(s => s.Codec == "aac");
    }
}
