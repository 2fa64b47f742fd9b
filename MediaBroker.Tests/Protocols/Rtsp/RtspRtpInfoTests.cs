using System.Buffers.Binary;
using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp;

/// <summary>RTP-Info of PLAY responses matches the first packets each reader actually receives.</summary>
public sealed class RtspRtpInfoTests
{
    [Fact]
    public async Task Play_H264AacFromFfmpeg_RtpInfoMatchesFirstPacketOfEachTrack()
    {
        await using var server = await RtspTestServer.StartAsync();
        var port = server.Server.BoundEndPoint!.Port;
        await using var publisher = RtspClients.Publish(server.Url + "/info", "tcp");
        await server.WaitReadyAsync("info", RtspClients.Timeout, publisher);

        // The first reader creates the shared encoder, so nothing is cached: each track starts with the encoder's next
        // packet (video waits for the next key frame, so it may start later, never earlier). The second reader joins
        // once a key frame has passed and starts exactly with the cached group of pictures.
        await using var first = await RtspTestClient.ConnectAsync(port);
        var firstInfo = await PlayAsync(first, server.Url + "/info");
        await ReadVideoSpanAsync(first, TimeSpan.FromSeconds(1.5));
        await using var second = await RtspTestClient.ConnectAsync(port);
        var secondInfo = await PlayAsync(second, server.Url + "/info");
        await ReadVideoSpanAsync(second, TimeSpan.FromSeconds(0.2));

        // The second reader's rtptimes name one instant, the start of the range: the earliest first packet (the cached
        // key frame, or audio a little before it) starts exactly there, the other track at most a moment later.
        var startOffsets = new List<double>();
        foreach (var (channel, track) in new[] { (0, 0), (2, 1) })
        {
            var (seq, rtptime) = secondInfo[server.Url + "/info/trackID=" + track];
            var packet = second.Frames.First(f => f.Channel == channel).Payload;
            BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2)).Should().Be(seq, "track {0} starts with the cached packet RTP-Info announced", track);
            rtptime.Should().NotBeNull();
            startOffsets.Add(unchecked((int)(BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4)) - rtptime!.Value)) / (track == 0 ? 90000.0 : 48000.0));
        }

        // Each reader gets a sender report ahead of its first packet of a track, for that packet's RTP time: clients
        // time every track by reports from the start instead of switching to them at the first periodic one.
        foreach (var client in new[] { first, second })
        {
            foreach (var channel in new byte[] { 0, 2 })
            {
                var index = client.Frames.FindIndex(f => f.Channel == channel);
                index.Should().BeGreaterThan(0);
                var report = client.Frames[index - 1];
                report.Channel.Should().Be((byte)(channel + 1), "a sender report goes ahead of the first packet on channel {0}", channel);
                report.Payload[1].Should().Be(200, "RTCP SR");
                BinaryPrimitives.ReadUInt32BigEndian(report.Payload.AsSpan(16)).Should()
                    .Be(BinaryPrimitives.ReadUInt32BigEndian(client.Frames[index].Payload.AsSpan(4)), "the report maps the first packet's RTP time");
            }
        }

        startOffsets.Should().Contain(0).And.OnlyContain(o => o >= 0 && o < 0.5, "first packets at or after the range start: {0}", string.Join(", ", startOffsets));

        foreach (var (channel, track) in new[] { (0, 0), (2, 1) })
        {
            var (seq, rtptime) = firstInfo[server.Url + "/info/trackID=" + track];
            var packet = first.Frames.First(f => f.Channel == channel).Payload;
            var seqAhead = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2)) - seq);
            seqAhead.Should().BeLessThan(track == 0 ? (ushort)2000 : (ushort)5, "live track {0} starts at or after the announced seq", track);
            if (rtptime is { } announced)
            {
                var clockRate = track == 0 ? 90000 : 48000;
                var ahead = unchecked((int)(BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4)) - announced));
                ahead.Should().BeInRange(-clockRate / 5, clockRate * 2, "the announced rtptime of live track {0} is its clock now", track);
            }
        }
    }

    private static async Task<Dictionary<string, (ushort Seq, uint? RtpTime)>> PlayAsync(RtspTestClient client, string url)
    {
        (await client.RequestAsync("DESCRIBE", url)).StatusCode.Should().Be(200);
        var setup = await client.RequestAsync("SETUP", url + "/trackID=0", null, ("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"));
        var session = setup.Headers["Session"]!.Split(';')[0];
        (await client.RequestAsync("SETUP", url + "/trackID=1", null, ("Transport", "RTP/AVP/TCP;unicast;interleaved=2-3"), ("Session", session)))
            .StatusCode.Should().Be(200);
        var play = await client.RequestAsync("PLAY", url, null, ("Session", session));
        play.StatusCode.Should().Be(200);
        var info = ParseRtpInfo(play.Headers["RTP-Info"]);
        info.Keys.Should().BeEquivalentTo([url + "/trackID=0", url + "/trackID=1"]);
        return info;
    }

    /// <summary>Reads until the video packets received span <paramref name="span"/> of RTP time and audio arrived.</summary>
    private static async Task ReadVideoSpanAsync(RtspTestClient client, TimeSpan span)
    {
        using var deadline = new CancellationTokenSource(RtspClients.Timeout);
        while (true)
        {
            var video = client.Frames.Where(f => f.Channel == 0).Select(f => BinaryPrimitives.ReadUInt32BigEndian(f.Payload.AsSpan(4))).ToList();
            if (video.Count > 0 && client.Frames.Any(f => f.Channel == 2) && unchecked(video[^1] - video[0]) >= span.TotalSeconds * 90000)
            {
                return;
            }

            deadline.Token.ThrowIfCancellationRequested();
            await client.ReadFramesAsync(client.Frames.Count + 1, RtspClients.Timeout);
        }
    }

    private static Dictionary<string, (ushort Seq, uint? RtpTime)> ParseRtpInfo(string? header)
    {
        header.Should().NotBeNull("PLAY responses carry RTP-Info");
        var result = new Dictionary<string, (ushort, uint?)>();
        foreach (var entry in header!.Split(','))
        {
            var fields = entry.Split(';').Select(f => f.Trim().Split('=', 2)).ToDictionary(f => f[0], f => f[1]);
            result[fields["url"]] = (ushort.Parse(fields["seq"]), fields.TryGetValue("rtptime", out var t) ? uint.Parse(t) : null);
        }

        return result;
    }
}
