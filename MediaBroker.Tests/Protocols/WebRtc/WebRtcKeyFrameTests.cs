using System.Net;
using FluentAssertions;
using MediaBroker.Protocols.WebRtc.Sessions;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Protocols.WebRtc;

/// <summary>A viewer's PLI travels through <see cref="MediaBroker.Core.MediaStream.RequestKeyFrame"/> to the publisher.</summary>
public sealed class WebRtcKeyFrameTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WhepViewerPli_InProcessPublisher_ReachesThePublishersHandler()
    {
        await using var fx = await WebRtcServerFixture.StartAsync();
        await using var media = await WebRtcTestMedia.PublishAsync(fx.Paths, "cam");
        var requests = 0;
        media.Stream.SetKeyFrameHandler(() => Interlocked.Increment(ref requests));
        await using var viewer = new WhepTestClient(fx.Http);
        (await viewer.PostOfferAsync(fx.Url("cam/whep"))).Should().Be(HttpStatusCode.Created, viewer.Answer);
        await viewer.ConnectAsync().WaitAsync(s_timeout);

        // Datagrams may be lost even on loopback: resend until it arrives.
        await WebRtcServerTests.WaitUntilAsync(
            () =>
            {
                viewer.SendPictureLossIndication();
                return Volatile.Read(ref requests) > 0;
            },
            s_timeout);

        var session = (WebRtcReadSession)fx.Server.Sessions.List().Single();
        session.KeyFrameRequests.Should().BeGreaterThan(0);
        media.Stream.KeyFrameRequestsForwarded.Should().Be(Volatile.Read(ref requests));
    }

    [ChromiumFact]
    public async Task WhepViewerPli_WhipPublishPage_PublishSessionSendsPliToTheBrowser()
    {
        await using var fx = await WebRtcServerFixture.StartAsync();
        BrowserTools.Missing().Should().BeNull();
        await using var browser = ExternalProcess.Start(
            BrowserTools.Node!,
            [Path.Combine(BrowserTools.ToolsDirectory!, "webrtc-browser.js"), "publish", fx.Url("cam/publish?autostart=true&video-codec=H264").ToString(), "-", "55000"],
            BrowserTools.ToolsDirectory);
        await WebRtcServerTests.WaitUntilAsync(() => fx.Paths.Find("cam")?.IsReady == true || browser.HasExited, s_timeout);
        browser.HasExited.Should().BeFalse(browser.Output);
        var publisher = (WebRtcPublishSession)fx.Server.Sessions.List().Single();

        await using var viewer = new WhepTestClient(fx.Http);
        (await viewer.PostOfferAsync(fx.Url("cam/whep"))).Should().Be(HttpStatusCode.Created, viewer.Answer);
        await viewer.ConnectAsync().WaitAsync(s_timeout);
        await WebRtcServerTests.WaitUntilAsync(
            () =>
            {
                viewer.SendPictureLossIndication();
                return publisher.ReaderKeyFrameRequests > 0;
            },
            s_timeout);

        output.WriteLine($"PLIs sent to the browser: {publisher.PliSent}, on readers' request: {publisher.ReaderKeyFrameRequests}");
        fx.Paths.Find("cam")!.Stream!.KeyFrameRequestsForwarded.Should().BeGreaterThan(0);
        await WebRtcServerTests.WaitUntilAsync(() => viewer.SawKeyFrame, s_timeout);
    }
}
