using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp.Tunnel;

/// <summary>Real clients through the RTSP port's tunnels: ffprobe and GStreamer over Apple's HTTP tunnel.</summary>
public sealed class RtspTunnelInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rtsp-tunnel-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [RequiresFfmpegFact]
    public async Task Read_FfprobeHttpTunnel_DecodesVideoAndAudio()
    {
        await using var server = await RtspTestServer.StartAsync();
        await using var publisher = RtspClients.Publish(server.Url + "/tun", "tcp");
        await server.WaitReadyAsync("tun", RtspClients.Timeout, publisher);

        var probe = RtspClients.ProbeAsync(server.Url + "/tun", "http", seconds: 3);
        var tunnelSeen = await WaitAsync(() => server.Server.Connections.Any(c => c.Tunnel == "http"), RtspClients.Timeout);
        var streams = await probe;

        tunnelSeen.Should().BeTrue("the tunnelled reader is listed with tunnel 'http' while it reads");
        streams.Should().Contain(s => s.CodecName == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 10, RtspClients.LastLog);
        streams.Should().Contain(s => s.CodecName == "aac" && s.Frames > 10);
    }

    [RequiresFfmpegFact]
    public async Task Read_FfprobeHttpTunnelOverRtsps_DecodesVideo()
    {
        await using var server = await RtspTestServer.StartAsync(options: RtspsTestOptions());
        await using var publisher = RtspClients.Publish(server.Url + "/tls", "tcp", audio: null);
        await server.WaitReadyAsync("tls", RtspClients.Timeout, publisher);

        // ffmpeg's "https" transport: the GET and POST over TLS to the RTSPS port; inside, plain rtsp:// URLs.
        var streams = await RtspClients.ProbeAsync($"rtsp://127.0.0.1:{server.Server.RtspsBoundEndPoint!.Port}/tls", "https", seconds: 3);

        streams.Should().Contain(s => s.CodecName == "h264" && s.Width == 320 && s.Frames > 10, RtspClients.LastLog);
    }

    [Fact]
    public async Task Publish_GStreamerRtsphTunnel_FfprobeDecodesAndApiSaysHttp()
    {
        await using var server = await RtspTestServer.StartAsync();
        await using var gst = ExternalProcess.Start("/usr/bin/gst-launch-1.0",
        [
            "-q", "videotestsrc", "is-live=true", "!", "video/x-raw,width=320,height=240,framerate=25/1", "!",
            "x264enc", "tune=zerolatency", "speed-preset=ultrafast", "key-int-max=25", "!", "video/x-h264,profile=baseline", "!",
            "rtspclientsink", $"location=rtsph://127.0.0.1:{server.Server.BoundEndPoint!.Port}/gsttun",
        ]);
        await server.WaitReadyAsync("gsttun", RtspClients.Timeout, gst);

        // The publisher's RTP travels base64-encoded in the POST.
        server.Server.Connections.Should().ContainSingle().Which.Tunnel.Should().Be("http");
        server.Server.Sessions.Should().ContainSingle(s => s.State == "publish").Which.Transport.Should().Be("TCP");
        var streams = await RtspClients.ProbeAsync(server.Url + "/gsttun", "tcp");

        streams.Should().Contain(s => s.CodecName == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 10);
    }

    [Fact]
    public async Task Read_GStreamerRtsphTunnel_DecodesFrames()
    {
        await using var server = await RtspTestServer.StartAsync();
        await using var publisher = RtspClients.Publish(server.Url + "/forgst", "tcp", audio: null);
        await server.WaitReadyAsync("forgst", RtspClients.Timeout, publisher);

        await using var gst = ExternalProcess.Start("/usr/bin/gst-launch-1.0",
        [
            "rtspsrc", $"location=rtsph://127.0.0.1:{server.Server.BoundEndPoint!.Port}/forgst", "!", "rtph264depay", "!", "h264parse", "!",
            "avdec_h264", "!", "fakesink", "num-buffers=25",
        ]);
        await gst.WaitForExitAsync(RtspClients.Timeout);

        gst.Output.Should().Contain("Got EOS from element", "25 frames came through the tunnel and were decoded");
    }

    internal static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return condition();
    }

    private MediaBroker.Protocols.Rtsp.RtspServerOptions RtspsTestOptions()
    {
        var (cert, key, _) = RtspsTests.WriteSelfSignedPem(_dir);
        return new() { Encryption = MediaBroker.Protocols.Rtsp.RtspEncryption.Optional, ServerCert = cert, ServerKey = key };
    }
}
