using FluentAssertions;
using MediaBroker.Protocols.Rtsp;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp;

/// <summary>RTP/SAVP (SRTP keyed by MIKEY in KeyMgmt) over RTSPS, with GStreamer's profiles=savp clients.</summary>
public sealed class RtspSavpTests : IDisposable
{
    // GStreamer 1.22's SETUP MIKEY (see docs/rtsp.md).
    private const string GstKey = "AQAFAA72U2sCAACoPaJpAAAAAABUCenLAAAAAAsA7qzZdxpjlPoKEIHcpgC/8QvcWxtLisshv3gBAAAAFQABAQEBEAIBAQMBCgcBAQgBAQoBAQAAACIAIAAe5RRDo+R3kVxOFw2AlVgeAP1MekWkETeL7uQC7HUMAA==";

    private const string Sdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=x\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:trackID=0\r\n";

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
        server.Server.Sessions.Should().Contain(s => s.State == "publish" && s.Profile == "SAVP" && s.Transport == transport.ToUpperInvariant() && s.InboundRTPPacketsInError == 0);
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

        gst.Output.Should().Contain("Got EOS from element", "25 frames of 320 pixels wide were decoded");
        // Known issue (see docs/rtsp.md): over TCP, rtspsrc's PAUSE/TEARDOWN after EOS sometimes finds the TLS
        // connection already closed; the media part succeeded, so only an error before EOS fails the test.
        if (code != 0)
        {
            var eos = gst.Output.IndexOf("Got EOS from element", StringComparison.Ordinal);
            gst.Output.IndexOf("ERROR", StringComparison.Ordinal).Should().BeGreaterThan(eos, gst.Output);
        }
    }

    [Fact]
    public async Task Setup_SavpOverPlainRtsp_Returns461()
    {
        await using var server = await StartAsync();
        await using var client = await RtspTestClient.ConnectAsync(server.Server.BoundEndPoint!.Port);
        var url = server.Url + "/plain";
        var announce = await client.RequestAsync("ANNOUNCE", url, Sdp);
        announce.StatusCode.Should().Be(200);

        var setup = await client.RequestAsync("SETUP", url + "/trackID=0", null,
            ("Transport", "RTP/SAVP/TCP;unicast;interleaved=0-1;mode=record"), ("KeyMgmt", $"prot=mikey; uri=\"{url}\"; data=\"{GstKey}\""));

        setup.StatusCode.Should().Be(461, "MIKEY keys travel in clear, so SAVP is only accepted over TLS");
    }

    [Theory]
    [InlineData("prot=mikey; uri=\"rtsp://h/x/stream=0\"; data=\"" + GstKey + "\"", true)]
    [InlineData("prot=mikey;uri=\"rtsp://h/x\";data=\"" + GstKey + "\"", true)]
    [InlineData("prot=sdes; data=\"" + GstKey + "\"", false)]
    [InlineData("prot=mikey; data=\"bm90IG1pa2V5\"", false)]
    [InlineData("prot=mikey", false)]
    public void TryReadKeyMgmt_Header_ParsesMikeyOnly(string header, bool expected)
    {
        RtspConnection.TryReadKeyMgmt(header, out var message).Should().Be(expected);

        if (expected)
        {
            Convert.ToHexString(message!.MasterKey).Should().Be("E51443A3E477915C4E170D8095581E00");
        }
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
