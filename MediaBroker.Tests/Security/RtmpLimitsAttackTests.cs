using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Security;

/// <summary>
/// Oversized RTMP input against the real broker: messages announcing 16 MB on many chunk streams, a 2^31-1 chunk size
/// with a message that never completes, and AMF0 nested thousands deep. Each connection is closed with a logged
/// reason, memory stays bounded, and ffmpeg keeps publishing and ffprobe reading during the attack.
/// </summary>
public sealed class RtmpLimitsAttackTests() : BrokerUnderAttackTests("readTimeout: 3s\npaths:\n  all_others:\n")
{
    [RequiresFfmpegFact]
    public async Task HugeMessageLengths_OnManyChunkStreams_MemoryBounded_ClosedWithReason()
    {
        var rtmp = await Broker.ListenerAsync("RTMP");
        var pid = Broker.Process.Id;
        var before = AttackLoad.RssKb(pid);
        var connections = new List<RawConnection>();
        try
        {
            // 30 connections × 4 chunk streams × 16 MB announced, 128 bytes sent each: 1.9 GB if buffers were sized
            // by the header; they grow with what arrives instead.
            for (var i = 0; i < 30; i++)
            {
                var c = await RawConnection.ConnectAsync(rtmp);
                connections.Add(c);
                var bytes = new List<byte>(RtmpAttack.Handshake());
                for (var csid = 3; csid < 7; csid++)
                {
                    bytes.AddRange(RtmpAttack.Type0Header(csid, 0xFFFFFF, 9));
                    bytes.AddRange(new byte[128]);
                }

                (await c.TrySendAsync([.. bytes])).Should().BeTrue();
            }

            await AttackLoad.LegitReaderGetsFramesAsync(Broker);
            AttackLoad.RssBounded(before, pid, 150, "partial 16 MB messages");

            // A fifth stream passes the 64 MB of partial messages one connection may hold: closed at once, with the reason.
            var last = await RawConnection.ConnectAsync(rtmp);
            connections.Add(last);
            var five = new List<byte>(RtmpAttack.Handshake());
            for (var csid = 3; csid < 8; csid++)
            {
                five.AddRange(RtmpAttack.Type0Header(csid, 0xFFFFFF, 9));
                five.AddRange(new byte[128]);
            }

            await last.TrySendAsync([.. five]);
            (await last.ClosedByServerAsync(TimeSpan.FromSeconds(2.5))).Should().BeTrue("closed before readTimeout (3 s)");
            await Broker.Process.WaitForLineAsync(l => l.Contains("too many bytes in partially received messages", StringComparison.Ordinal), AttackHttp.Timeout);

            // The rest are closed by readTimeout: nothing completes.
            foreach (var c in connections)
            {
                (await c.ClosedByServerAsync(AttackHttp.Timeout)).Should().BeTrue("readTimeout closes a connection whose messages never complete");
            }
        }
        finally
        {
            foreach (var c in connections)
            {
                await c.DisposeAsync();
            }
        }

        Publisher.HasExited.Should().BeFalse(Publisher.Output);
    }

    [RequiresFfmpegFact]
    public async Task MaxChunkSize_WithANeverEndingMessage_ClosedAfterReadTimeout()
    {
        var rtmp = await Broker.ListenerAsync("RTMP");
        var pid = Broker.Process.Id;
        var before = AttackLoad.RssKb(pid);
        await using var c = await RawConnection.ConnectAsync(rtmp);

        // Set Chunk Size 2^31-1, then a 16 MB video message of which 1 MB is sent.
        byte[] setChunkSize = [.. RtmpAttack.Type0Header(2, 4, 1), 0x7F, 0xFF, 0xFF, 0xFF];
        (await c.TrySendAsync([.. RtmpAttack.Handshake(), .. setChunkSize, .. RtmpAttack.Type0Header(3, 0xFFFFFF, 9)])).Should().BeTrue();
        await c.TrySendAsync(new byte[1 << 20]);
        await AttackLoad.LegitReaderGetsFramesAsync(Broker);

        (await c.ClosedByServerAsync(AttackHttp.Timeout)).Should().BeTrue("readTimeout closes it");
        AttackLoad.RssBounded(before, pid, 100, "a chunk that never completes");
    }

    [RequiresFfmpegFact]
    public async Task DeepAmfNesting_ClosedWithReason_BrokerUnaffected()
    {
        var rtmp = await Broker.ListenerAsync("RTMP");
        await using var c = await RawConnection.ConnectAsync(rtmp);
        (await c.TrySendAsync([.. RtmpAttack.Handshake(), .. RtmpAttack.Message(3, 0x14, RtmpAttack.DeeplyNestedConnect(20000))])).Should().BeTrue();

        (await c.ClosedByServerAsync(AttackHttp.Timeout)).Should().BeTrue();
        await Broker.Process.WaitForLineAsync(l => l.Contains("AMF0 nesting too deep", StringComparison.Ordinal), AttackHttp.Timeout);
        await AttackLoad.LegitReaderGetsFramesAsync(Broker);
    }
}
