using FluentAssertions;
using MediaBroker.Servers.Rtsp;
using Xunit;

namespace MediaBroker.Tests.Servers.Rtsp;

/// <summary>RTP/SAVP (SRTP keyed by MIKEY in KeyMgmt) over RTSPS, with GStreamer's profiles=savp clients.</summary>
public sealed class RtspSavpTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("savp-").FullName;

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task RtspClientSink_SavpOverRtsps_PlainReaderDecodes(string transport)
    {
        await using var server = await StartAsync();
        await using var gst = ExternalProcess.Start("/usr/bin/gst-launch-1.0",
        [
            "-q", "videotestsrc", "is-live=true", "!", "video/x-raw,width=320,height=240,framerate=25/1", "!",
            "x264enc", "tune=zerolatency", "speed-preset=ultrafast", "key-int-max=25", "!", "video/x-h264,profile=baseline", "!",
            "rtspclientsink", $"location={server.RtspsUrl}/savp", $"protocols={transport}", "profiles=savp", "tls-validation-flags=0",
        ]);
        await server.WaitReadyAsync("savp", RtspClients.Timeout, gst);

        var streams = await RtspClients.ProbeAsync(server.Url + "/savp", "tcp");

        streams.Should().Contain(s => s.CodecName == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 10);
        server.Server.Sessions.Should().Contain(s => s.State == "publish" && s.Profile == "SAVP" && s.Transport == transport.ToUpperInvariant() && s.InboundRtpPacketsInError == 0);
    }

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task RtspSrc_SavpOverRtsps_DecodesFfmpegPublisher(string transport)
    {
        await using var server = await StartAsync();
        await using var publisher = RtspClients.Publish(server.Url + "/forsavp", "tcp", audio: null);
        await server.WaitReadyAsync("forsavp", RtspClients.Timeout, publisher);

        await using var gst = ExternalProcess.Start("/usr/bin/gst-launch-1.0",
        [
            "rtspsrc", $"location={server.RtspsUrl}/forsavp", $"protocols={transport}", "tls-validation-flags=0", "!",
            "rtph264depay", "!", "h264parse", "!", "avdec_h264", "!", "video/x-raw,width=320", "!", "fakesink", "num-buffers=25",
        ]);
        await WaitForAsync(() => server.Server.Sessions.Any(s => s.State == "read" && s.Profile == "SAVP" && s.Transport == transport.ToUpperInvariant()), gst);
        var code = await gst.WaitForExitAsync(RtspClients.Timeout);

        code.Should().Be(0, gst.Output);
        gst.Output.Should().Contain("EOS", "25 frames of 320 pixels wide were decoded");
    }

    private static async Task WaitForAsync(Func<bool> condition, ExternalProcess client)
    {
        var deadline = DateTime.UtcNow + RtspClients.Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("no SAVP session appeared; client output: " + client.Output);
            }

            await Task.Delay(20);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Task<RtspTestServer> StartAsync()
    {
        var (cert, key, _) = RtspsTests.WriteSelfSignedPem(_dir);
        return RtspTestServer.StartAsync(options: new RtspServerOptions { Encryption = RtspEncryption.Optional, ServerCert = cert, ServerKey = key });
    }
}
