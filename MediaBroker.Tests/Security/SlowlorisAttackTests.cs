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
public sealed class SlowlorisAttackTests : IAsyncLifetime
{
    private const int Connections = 40;
    private static readonly TimeSpan s_readTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(300);

    // Closed within readTimeout plus the servers' check period and a loaded machine's slack.
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(15);

    private BrokerProcess? _broker;
    private ExternalProcess? _publisher;

    public async Task InitializeAsync()
    {
        _broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + """
            readTimeout: 2s
            logLevel: debug
            api: yes
            metrics: yes
            paths:
              all_others:
            """);
        _publisher = await AttackLoad.StartLegitPublisherAsync(_broker);
    }

    public async Task DisposeAsync()
    {
        if (_publisher is not null)
        {
            await _publisher.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    [RequiresFfmpegFact]
    public async Task Rtsp_HeaderTrickle_ClosedAfterReadTimeout_LegitClientsWork()
    {
        var rtsp = await _broker!.ListenerAsync("RTSP");
        var prefix = Encoding.ASCII.GetBytes("OPTIONS rtsp://127.0.0.1/legit RTSP/1.0\r\nCSeq: 1\r\nX-Slow: ");
        await AttackAsync(rtsp, prefix, (byte)'a');
        _broker.Process.Output.Should().Contain("readTimeout elapsed without requests");
    }

    [RequiresFfmpegFact]
    public async Task Rtmp_ChunkTrickleAfterHandshake_ClosedAfterReadTimeout_LegitClientsWork()
    {
        var rtmp = await _broker!.ListenerAsync("RTMP");
        await AttackAsync(rtmp, [.. RtmpAttack.Handshake(), .. RtmpAttack.Type0Header(3, 256, 0x14)], (byte)'a');
        _broker.Process.Output.Should().Contain("read timeout");
    }

    [RequiresFfmpegFact]
    public async Task Rtmp_HandshakeTrickle_ClosedAfterReadTimeout()
    {
        var rtmp = await _broker!.ListenerAsync("RTMP");
        await AttackAsync(rtmp, [3], 0);
    }

    [RequiresFfmpegFact]
    public async Task HttpListeners_HeaderTrickle_ClosedAfterReadTimeout_LegitClientsWork()
    {
        foreach (var name in new[] { "HLS", "WebRTC", "API", "metrics" })
        {
            var endPoint = await _broker!.ListenerAsync(name);
            var prefix = Encoding.ASCII.GetBytes($"GET /legit/index.m3u8 HTTP/1.1\r\nHost: {endPoint}\r\nX-Slow: ");
            await AttackAsync(endPoint, prefix, (byte)'a');
        }
    }

    [RequiresFfmpegFact]
    public async Task HttpListeners_SilentConnections_ClosedAfterReadTimeout()
    {
        foreach (var name in new[] { "HLS", "WebRTC", "API", "metrics" })
        {
            var endPoint = await _broker!.ListenerAsync(name);
            var elapsed = await AttackLoad.SlowlorisAsync(endPoint, Encoding.ASCII.GetBytes($"GET /v3/nothing HTTP/1.1\r\nHost: {endPoint}\r\n\r\n"), null, Connections, s_interval, s_bound);
            elapsed.Should().BeLessThan(s_bound, name + ": a kept-alive connection that sends nothing more is closed after readTimeout");
        }
    }

    private async Task AttackAsync(IPEndPoint endPoint, byte[] prefix, byte trickle)
    {
        var pid = _broker!.Process.Id;
        var before = AttackLoad.RssKb(pid);
        var attack = AttackLoad.SlowlorisAsync(endPoint, prefix, trickle, Connections, s_interval, s_bound);
        await AttackLoad.LegitReaderGetsFramesAsync(_broker);
        var elapsed = await attack;

        elapsed.Should().BeGreaterThanOrEqualTo(s_readTimeout * 0.9, $"{endPoint}: held until readTimeout, not refused for another reason");
        elapsed.Should().BeLessThan(s_bound);
        AttackLoad.RssBounded(before, pid, 100, endPoint.ToString());
        _publisher!.HasExited.Should().BeFalse("the publisher was never disturbed: " + _publisher.Output);
    }
}
