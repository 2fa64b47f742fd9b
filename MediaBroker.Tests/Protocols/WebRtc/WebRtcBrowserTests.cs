using System.Text.Json;
using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp.Srtp;
using MediaBroker.Protocols.WebRtc;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Protocols.WebRtc;

/// <summary>
/// Headless Chromium (Debian's, fake camera and microphone) against the real server through the pages,
/// driven by tests-tools/webrtc-browser.js (playwright-core). Every packet goes to 127.0.0.1.
/// </summary>
public sealed class WebRtcBrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [ChromiumFact]
    public async Task ReaderPage_H264AndOpusStream_ChromiumDecodesVideoFrames()
    {
        await using var fx = await WebRtcServerFixture.StartAsync();
        await using var media = await WebRtcTestMedia.PublishAsync(fx.Paths, "cam");

        await using var browser = Browser("read", fx.Url("cam").ToString(), "30");
        var exit = await browser.WaitForExitAsync(s_timeout);

        var result = LastJson(browser);
        exit.Should().Be(0, browser.Output);
        result.GetProperty("frames").GetInt32().Should().BeGreaterThanOrEqualTo(30);
        result.GetProperty("width").GetInt32().Should().Be(320);
        result.GetProperty("height").GetInt32().Should().Be(240);
        result.GetProperty("audio").GetInt32().Should().Be(1);

        // Chromium offers AES-GCM and the server prefers it: both ends agree that it carried the frames.
        result.GetProperty("transport").GetProperty("srtpCipher").GetString().Should().Be("SRTP_AEAD_AES_128_GCM");
        fx.Server.Sessions.List().Single().SrtpProfile.Should().Be(SrtpProfile.AeadAes128Gcm);
    }

    [ChromiumFact]
    public async Task ReaderPage_ServerLimitedToAesCmHmacSha1_ChromiumDecodesVideoFrames()
    {
        await using var fx = await WebRtcServerFixture.StartAsync(options: new WebRtcServerOptions { SrtpProfiles = [SrtpProfile.Aes128CmHmacSha1_80] });
        await using var media = await WebRtcTestMedia.PublishAsync(fx.Paths, "cam");

        await using var browser = Browser("read", fx.Url("cam").ToString(), "30");
        var exit = await browser.WaitForExitAsync(s_timeout);

        var result = LastJson(browser);
        exit.Should().Be(0, browser.Output);
        result.GetProperty("frames").GetInt32().Should().BeGreaterThanOrEqualTo(30);
        result.GetProperty("width").GetInt32().Should().Be(320);
        result.GetProperty("transport").GetProperty("srtpCipher").GetString().Should().Be("SRTP_AES128_CM_HMAC_SHA1_80");
        fx.Server.Sessions.List().Single().SrtpProfile.Should().Be(SrtpProfile.Aes128CmHmacSha1_80);
    }

    [ChromiumFact]
    public async Task PublishPage_FakeCameraOverWhip_PathIsReadyWithH264AndOpusUnits()
    {
        await using var fx = await WebRtcServerFixture.StartAsync();

        await using var browser = Browser("publish", fx.Url("cam/publish?autostart=true&video-codec=H264&audio-codec=opus").ToString(), "-");
        await WebRtcServerTests.WaitUntilAsync(() => fx.Paths.Find("cam")?.IsReady == true || browser.HasExited, s_timeout);
        browser.HasExited.Should().BeFalse(browser.Output);

        var stream = fx.Paths.Find("cam")!.Stream!;
        stream.Tracks.Select(t => t.Codec.Name).Should().Equal("H264", "Opus");
        var queue = stream.Units.Subscribe(stream.ReaderOptions("test"));
        var video = 0;
        var audio = 0;
        var keyFrames = 0;
        using var cts = new CancellationTokenSource(s_timeout);
        while ((video < 50 || audio < 50) && await queue.Reader.WaitToReadAsync(cts.Token))
        {
            while (queue.Reader.TryRead(out var unit))
            {
                if (unit.IsVideo)
                {
                    video++;
                    keyFrames += unit.IsRandomAccess ? 1 : 0;
                }
                else
                {
                    audio++;
                }
            }
        }

        keyFrames.Should().BeGreaterThan(0);
        var h264 = (H264Codec)stream.Tracks[0].Codec;
        h264.Sps.Should().NotBeNull("the SPS arrives in-band and updates the track");
        var props = h264.Properties!;
        ((int)props["width"]).Should().BeGreaterThan(0);
        var session = fx.Server.Sessions.List().Single();
        session.State.Should().Be("publish");
        session.PeerConnectionEstablished.Should().BeTrue();
        session.InboundRtpPackets.Should().BeGreaterThan(100);
        stream.Units.Unsubscribe(queue);
    }

    [ChromiumFact]
    public async Task BrowserToBrowser_PublishPageThenReaderPage_ReaderDecodesTheCamera()
    {
        await using var fx = await WebRtcServerFixture.StartAsync();
        await using var publisher = Browser("publish", fx.Url("cam/publish?autostart=true&video-codec=VP8").ToString(), "-");
        await WebRtcServerTests.WaitUntilAsync(() => fx.Paths.Find("cam")?.IsReady == true || publisher.HasExited, s_timeout);

        await using var reader = Browser("read", fx.Url("cam").ToString(), "30");
        var exit = await reader.WaitForExitAsync(s_timeout);

        exit.Should().Be(0, reader.Output + publisher.Output);
        LastJson(reader).GetProperty("width").GetInt32().Should().BeGreaterThan(0);
        fx.Paths.Find("cam")!.Stream!.Tracks.Select(t => t.Codec.Name).Should().Equal("VP8", "Opus");
    }

    private ExternalProcess Browser(string mode, string url, string amount)
    {
        BrowserTools.Missing().Should().BeNull("CI must install Chromium, node and tests-tools (npm ci)");
        output.WriteLine($"{mode} {url}");
        return ExternalProcess.Start(
            BrowserTools.Node!,
            [Path.Combine(BrowserTools.ToolsDirectory!, "webrtc-browser.js"), mode, url, amount, ((int)s_timeout.TotalMilliseconds - 5000).ToString(System.Globalization.CultureInfo.InvariantCulture)],
            BrowserTools.ToolsDirectory);
    }

    private JsonElement LastJson(ExternalProcess process)
    {
        output.WriteLine(process.Output);
        var line = process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{'));
        return JsonDocument.Parse(line).RootElement;
    }
}
