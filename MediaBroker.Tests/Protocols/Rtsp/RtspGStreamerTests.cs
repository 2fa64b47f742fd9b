using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp;

/// <summary>GStreamer's rtspclientsink publishes and rtspsrc reads through the server.</summary>
public sealed class RtspGStreamerTests
{
    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task RtspClientSink_Publishes_FfprobeDecodes(string transport)
    {
        await using var server = await RtspTestServer.StartAsync();
        await using var gst = ExternalProcess.Start("/usr/bin/gst-launch-1.0",
        [
            "-q", "videotestsrc", "is-live=true", "!", "video/x-raw,width=320,height=240,framerate=25/1", "!",
            "x264enc", "tune=zerolatency", "speed-preset=ultrafast", "key-int-max=25", "!", "video/x-h264,profile=baseline", "!",
            "rtspclientsink", $"location={server.Url}/gst", $"protocols={transport}",
        ]);
        await server.WaitReadyAsync("gst", RtspClients.Timeout, gst);

        var streams = await RtspClients.ProbeAsync(server.Url + "/gst", "tcp");

        streams.Should().Contain(s => s.CodecName == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 10);
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task RtspSrc_ReadsFfmpegPublisher_DecodesFrames(string transport)
    {
        await using var server = await RtspTestServer.StartAsync();
        await using var publisher = RtspClients.Publish(server.Url + "/forgst", "tcp");
        await server.WaitReadyAsync("forgst", RtspClients.Timeout, publisher);

        await using var gst = ExternalProcess.Start("/usr/bin/gst-launch-1.0",
        [
            "rtspsrc", $"location={server.Url}/forgst", $"protocols={transport}", "!", "rtph264depay", "!", "h264parse", "!",
            "avdec_h264", "!", "fakesink", "num-buffers=25",
        ]);
        var code = await gst.WaitForExitAsync(RtspClients.Timeout);

        gst.Output.Should().Contain("Got EOS from element", "25 frames were depayloaded and decoded");
        // Known issue (docs/rtsp.md): on a loaded machine rtspsrc's PAUSE/TEARDOWN after EOS sometimes finds the
        // connection closed; the media part succeeded, so only an error before EOS fails the test.
        if (code != 0)
        {
            var eos = gst.Output.IndexOf("Got EOS from element", StringComparison.Ordinal);
            gst.Output.IndexOf("ERROR", StringComparison.Ordinal).Should().BeGreaterThan(eos, gst.Output);
        }
    }
}
