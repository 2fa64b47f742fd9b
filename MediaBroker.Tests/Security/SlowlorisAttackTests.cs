using System.Net;
using System.Text;
using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Security;

/// <summary>
/// Slowloris on every TCP listener of the real broker: connections that trickle one byte every 300 ms into a request
/// (or an RTMP chunk) that never ends. Each is closed once <c>readTimeout</c> (2 s here) passes without a whole
/// message, memory stays flat, and an ffmpeg publisher and an ffprobe reader keep working during the attack.
/// </summary>
public sealed class SlowlorisAttackTests() : BrokerUnderAttackTests(Yaml)
{
    private const string Yaml = """
        readTimeout: 2s
        logLevel: debug
        api: yes
        metrics: yes
        paths:
          all_others:
        """;

    private const int Connections = 40;
    private static readonly TimeSpan s_readTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(300);

    // Closed within readTimeout plus the servers' check period and a loaded machine's slack.
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(15);

    [RequiresFfmpegFact]
    public async Task Rtsp_HeaderTrickle_ClosedAfterReadTimeout_LegitClientsWork()
    {
        var rtsp = await Broker.ListenerAsync("RTSP");
        var prefix = Encoding.ASCII.GetBytes("OPTIONS rtsp://127.0.0.1/legit RTSP/1.0\r\nCSeq: 1\r\nX-Slow: ");
        await AttackAsync(rtsp, prefix, (byte)'a');
        // The client sees the close before the broker's log line reaches us: wait for the line, do not peek.
        await Broker.Process.WaitForLineAsync(l => l.Contains("readTimeout elapsed without requests", StringComparison.Ordinal), s_bound);
    }

    [RequiresFfmpegFact]
    public async Task Rtmp_ChunkTrickleAfterHandshake_ClosedAfterReadTimeout_LegitClientsWork()
    {
        var rtmp = await Broker.ListenerAsync("RTMP");
        await AttackAsync(rtmp, [.. RtmpAttack.Handshake(), .. RtmpAttack.Type0Header(3, 256, 0x14)], (byte)'a');
        await Broker.Process.WaitForLineAsync(l => l.Contains("read timeout", StringComparison.Ordinal), s_bound);
    }

    [RequiresFfmpegFact]
    public async Task Rtmp_HandshakeTrickle_ClosedAfterReadTimeout()
    {
        var rtmp = await Broker.ListenerAsync("RTMP");
        await AttackAsync(rtmp, [3], 0);
    }

    [RequiresFfmpegFact]
    public async Task HttpListeners_HeaderTrickle_ClosedAfterReadTimeout_LegitClientsWork()
    {
        foreach (var name in new[] { "HLS", "WebRTC", "API", "metrics" })
        {
            var endPoint = await Broker.ListenerAsync(name);
            var prefix = Encoding.ASCII.GetBytes($"GET /legit/index.m3u8 HTTP/1.1\r\nHost: {endPoint}\r\nX-Slow: ");
            await AttackAsync(endPoint, prefix, (byte)'a');
        }
    }

    [RequiresFfmpegFact]
    public async Task HttpListeners_SilentConnections_ClosedAfterReadTimeout()
    {
        foreach (var name in new[] { "HLS", "WebRTC", "API", "metrics" })
        {
            var endPoint = await Broker.ListenerAsync(name);
            var elapsed = await AttackLoad.SlowlorisAsync(endPoint, Encoding.ASCII.GetBytes($"GET /v3/nothing HTTP/1.1\r\nHost: {endPoint}\r\n\r\n"), (byte[]?)null, Connections, s_interval, s_bound);
            elapsed.Should().BeLessThan(s_bound, name + ": a kept-alive connection that sends nothing more is closed after readTimeout");
        }
    }

    private async Task AttackAsync(IPEndPoint endPoint, byte[] prefix, byte trickle)
    {
        var pid = Broker.Process.Id;
        var before = AttackLoad.RssKb(pid);
        var attack = AttackLoad.SlowlorisAsync(endPoint, prefix, trickle, Connections, s_interval, s_bound);
        await AttackLoad.LegitReaderGetsFramesAsync(Broker);
        var elapsed = await attack;

        elapsed.Should().BeGreaterThanOrEqualTo(s_readTimeout * 0.9, $"{endPoint}: held until readTimeout, not refused for another reason");
        elapsed.Should().BeLessThan(s_bound);
        AttackLoad.RssBounded(before, pid, 100, endPoint.ToString());
        Publisher.HasExited.Should().BeFalse("the publisher was never disturbed: " + Publisher.Output);
    }
}
