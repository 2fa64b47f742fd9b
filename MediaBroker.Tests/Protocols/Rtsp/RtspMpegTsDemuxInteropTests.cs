using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp;

/// <summary>
/// rtspDemuxMpegts with real clients: GStreamer publishes H264 + AAC muxed in MPEG-TS over RTP (rtpmp2tpay inside
/// rtspclientsink, one MP2T track). With the key on, the path carries the elementary tracks, which ffprobe reads over
/// RTMP (a protocol that cannot carry MPEG-TS); with it off, the path holds the single opaque track.
/// </summary>
public sealed class RtspMpegTsDemuxInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [RequiresFfmpegFact]
    public async Task Publisher_On_DemuxedIntoH264AndAac_ReadableOverRtmp()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + """
            paths:
              ts:
                rtspDemuxMpegts: yes
            """);
        var rtsp = await broker.ListenerAsync("RTSP");
        await using var gst = PublishMpegTs($"rtsp://127.0.0.1:{rtsp.Port}/ts");
        var ready = await broker.Process.WaitForLineAsync(l => l.Contains("[path ts] stream is ready", StringComparison.Ordinal), Timeout);
        ready.Should().Contain("2 track(s)").And.Contain("H264").And.Contain("MPEG-4 Audio");
        broker.Process.Output.Should().Contain("MPEG-TS demuxed into 2 track(s)");

        await AssertElementaryOverRtmpAsync(broker, "ts");
    }

    [RequiresFfmpegFact]
    public async Task Publisher_Off_OneOpaqueTrack()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "paths:\n  ts:\n");
        var rtsp = await broker.ListenerAsync("RTSP");
        await using var gst = PublishMpegTs($"rtsp://127.0.0.1:{rtsp.Port}/ts");
        var ready = await broker.Process.WaitForLineAsync(l => l.Contains("[path ts] stream is ready", StringComparison.Ordinal), Timeout);
        ready.Should().Contain("1 track(s) (Generic)");
        broker.Process.Output.Should().NotContain("MPEG-TS demuxed");
    }

    /// <summary>An rtsp:// source reading the broker's own opaque MPEG-TS path, with the key on, demuxes it.</summary>
    [RequiresFfmpegFact]
    public async Task Source_On_DemuxesUpstreamMpegTs()
    {
        var yaml = BrokerProcess.LoopbackListeners + "paths:\n  ts:\n";
        await using var broker = await BrokerProcess.StartAsync(yaml);
        var rtsp = await broker.ListenerAsync("RTSP");
        await using var gst = PublishMpegTs($"rtsp://127.0.0.1:{rtsp.Port}/ts");
        await broker.Process.WaitForLineAsync(l => l.Contains("[path ts] stream is ready", StringComparison.Ordinal), Timeout);

        await broker.RewriteConfigAsync(yaml + $"""
              pulled:
                source: rtsp://127.0.0.1:{rtsp.Port}/ts
                rtspTransport: tcp
                rtspDemuxMpegts: yes
            """);
        var ready = await broker.Process.WaitForLineAsync(l => l.Contains("[path pulled] stream is ready", StringComparison.Ordinal), Timeout);
        ready.Should().Contain("2 track(s)").And.Contain("H264").And.Contain("MPEG-4 Audio");

        await AssertElementaryOverRtmpAsync(broker, "pulled");
    }

    private static async Task AssertElementaryOverRtmpAsync(BrokerProcess broker, string path)
    {
        var rtmp = await broker.ListenerAsync("RTMP");
        var streams = await MediaTools.ProbeWhenReadyAsync($"rtmp://127.0.0.1:{rtmp.Port}/{path}", Timeout, 3);
        streams.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 10);
        streams.Should().Contain(s => s.Codec == "aac" && s.Frames > 10);
    }

    private static ExternalProcess PublishMpegTs(string url) => ExternalProcess.Start("/usr/bin/gst-launch-1.0",
    [
        "-q", "videotestsrc", "is-live=true", "!", "video/x-raw,width=320,height=240,framerate=25/1", "!",
        "x264enc", "tune=zerolatency", "speed-preset=ultrafast", "key-int-max=25", "!", "h264parse", "!", "mpegtsmux", "name=mux",
        "audiotestsrc", "is-live=true", "!", "audioconvert", "!", "avenc_aac", "!", "aacparse", "!", "mux.",
        "mux.", "!", "rtspclientsink", $"location={url}", "protocols=tcp",
    ]);
}
