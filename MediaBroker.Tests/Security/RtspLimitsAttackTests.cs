using System.Text;
using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Security;

/// <summary>
/// Oversized RTSP input against the real broker: headers past 64 KB, a huge Content-Length, a body past 1 MB, and an
/// ANNOUNCE whose SDP has thousands of media sections. Each is refused and the connection closed with a logged
/// reason, memory stays bounded, and ffmpeg keeps publishing and ffprobe reading during the attack.
/// </summary>
public sealed class RtspLimitsAttackTests() : BrokerUnderAttackTests("readTimeout: 3s\npaths:\n  all_others:\n")
{
    [RequiresFfmpegFact]
    public async Task OversizedHeaders_Refused400AndClosed_MemoryBounded()
    {
        var rtsp = await Broker.ListenerAsync("RTSP");
        var pid = Broker.Process.Id;
        var before = AttackLoad.RssKb(pid);
        var header = "OPTIONS rtsp://127.0.0.1/x RTSP/1.0\r\nCSeq: 1\r\nX-Big: " + new string('a', 200 * 1024);
        for (var i = 0; i < 20; i++)
        {
            await using var c = await RawConnection.ConnectAsync(rtsp);
            await c.TrySendAsync(Encoding.ASCII.GetBytes(header));
            (await c.ClosedByServerAsync(AttackHttp.Timeout)).Should().BeTrue();
        }

        await Broker.Process.WaitForLineAsync(l => l.Contains("request headers are too large", StringComparison.Ordinal), AttackHttp.Timeout);
        await AttackLoad.LegitReaderGetsFramesAsync(Broker);
        AttackLoad.RssBounded(before, pid, 100, "oversized RTSP headers");
    }

    [RequiresFfmpegFact]
    public async Task HugeContentLength_Refused400AndClosedAtOnce()
    {
        var rtsp = await Broker.ListenerAsync("RTSP");
        foreach (var length in new[] { "2147483647", "99999999999999999999", "-1", "1048577" })
        {
            await using var c = await RawConnection.ConnectAsync(rtsp);
            await c.TrySendAsync(Encoding.ASCII.GetBytes($"ANNOUNCE rtsp://127.0.0.1/x RTSP/1.0\r\nCSeq: 1\r\nContent-Type: application/sdp\r\nContent-Length: {length}\r\n\r\nv=0\r\n"));
            (await c.ClosedByServerAsync(TimeSpan.FromSeconds(2.5))).Should().BeTrue($"Content-Length {length} is refused before any body is awaited (readTimeout is 3 s)");
        }

        await Broker.Process.WaitForLineAsync(l => l.Contains("invalid Content-Length", StringComparison.Ordinal), AttackHttp.Timeout);
        await AttackLoad.LegitReaderGetsFramesAsync(Broker);
    }

    [RequiresFfmpegFact]
    public async Task SdpWithThousandsOfMediaSections_RefusedWithReason_MemoryBounded()
    {
        var rtsp = await Broker.ListenerAsync("RTSP");
        var pid = Broker.Process.Id;
        var before = AttackLoad.RssKb(pid);
        var sdp = new StringBuilder("v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n");
        for (var i = 0; i < 5000; i++)
        {
            sdp.Append("m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:trackID=").Append(i).Append("\r\n");
        }

        await using var client = await Protocols.Rtsp.RtspTestClient.ConnectAsync(rtsp.Port);
        var res = await client.RequestAsync("ANNOUNCE", $"rtsp://127.0.0.1:{rtsp.Port}/many", sdp.ToString());

        res.StatusCode.Should().Be(400);
        await Broker.Process.WaitForLineAsync(l => l.Contains("more than 64 media sections", StringComparison.Ordinal), AttackHttp.Timeout);
        Broker.Process.Output.Should().NotContain("[path many] stream is ready");
        await AttackLoad.LegitReaderGetsFramesAsync(Broker);
        AttackLoad.RssBounded(before, pid, 100, "an SDP with 5000 media sections");
    }
}
