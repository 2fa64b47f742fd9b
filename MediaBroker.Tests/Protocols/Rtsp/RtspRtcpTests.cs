using System.Buffers.Binary;
using FluentAssertions;
using MediaBroker.Formats.Rtp.Rtcp;
using MediaBroker.Protocols.Rtsp;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp;

/// <summary>RTCP reports the server sends: sender reports to readers, receiver reports to publishers.</summary>
public sealed class RtspRtcpTests
{
    private static readonly RtspServerOptions FastReports = new() { RtcpPeriod = TimeSpan.FromSeconds(1) };

    [Fact]
    public async Task SendReports_TcpReaderOfFfmpegStream_GetsSenderReportWithPlausibleNtpRtpMapping()
    {
        await using var server = await RtspTestServer.StartAsync(options: FastReports);
        await using var publisher = RtspClients.Publish(server.Url + "/sr", "tcp", audio: null);
        await server.WaitReadyAsync("sr", RtspClients.Timeout, publisher);
        await using var reader = await RtspTestClient.ConnectAsync(server.Server.BoundEndPoint!.Port);
        var setup = await reader.RequestAsync("SETUP", server.Url + "/sr/trackID=0", null, ("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"));
        (await reader.RequestAsync("PLAY", server.Url + "/sr", null, ("Session", setup.Headers["Session"]!.Split(';')[0]))).StatusCode.Should().Be(200);

        // Reports may precede this reader's first packet (it waits for a key frame): take one that follows media.
        var (sr, receivedAt, index) = await ReadReportAsync<RtcpSenderReport>(reader, channel: 1, afterChannel: 0);

        var media = reader.Frames.Take(index).Where(f => f.Channel == 0).ToList();
        media.Should().NotBeEmpty("RTP packets precede the first sender report");
        var last = media[^1].Payload;
        sr.Ssrc.Should().Be(BinaryPrimitives.ReadUInt32BigEndian(last.AsSpan(8)), "the report describes the reader's RTP stream");
        sr.PacketCount.Should().BeGreaterThan(0);
        sr.NtpTime.Should().BeCloseTo(receivedAt, TimeSpan.FromSeconds(2), "the NTP timestamp is the server's wall clock");
        var rtpAhead = unchecked((int)(sr.RtpTimestamp - BinaryPrimitives.ReadUInt32BigEndian(last.AsSpan(4))));
        rtpAhead.Should().BeInRange(-90000 / 2, 90000, "the RTP time of the report is at the live edge of the packets sent");
    }

    [Fact]
    public async Task SendReports_TcpPublisher_GetsReceiverReportForItsSsrc()
    {
        await using var server = await RtspTestServer.StartAsync(options: FastReports);
        await using var publisher = await RtspTestClient.ConnectAsync(server.Server.BoundEndPoint!.Port);
        await RtspServerTests.PublishGenericAsync(publisher, server.Url + "/rr");
        for (var i = 0; i < 10; i++)
        {
            await publisher.SendInterleavedAsync(0, RtspServerTests.RtpPacketBytes((ushort)(500 + i), (uint)(i * 3000), [1, 2, 3]));
        }

        var (rr, _, _) = await ReadReportAsync<RtcpReceiverReport>(publisher, channel: 1);

        rr.Reports.Should().ContainSingle();
        var block = rr.Reports[0];
        block.Ssrc.Should().Be(0x12345678u, "the block reports on the publisher's SSRC");
        (block.ExtendedHighestSequence & 0xFFFF).Should().Be(509u);
        block.CumulativeLost.Should().Be(0);
    }

    [Fact]
    public async Task RequestKeyFrame_TcpVideoPublisher_GetsPictureLossIndicationForItsSsrc()
    {
        await using var server = await RtspTestServer.StartAsync(options: FastReports);
        await using var publisher = await RtspTestClient.ConnectAsync(server.Server.BoundEndPoint!.Port);
        const string videoSdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=x\r\nt=0 0\r\n" +
            "m=video 0 RTP/AVP 107\r\na=rtpmap:107 x-custom/90000\r\na=control:trackID=0\r\n";
        var url = server.Url + "/pli";
        (await publisher.RequestAsync("ANNOUNCE", url, videoSdp)).StatusCode.Should().Be(200);
        var setup = await publisher.RequestAsync("SETUP", url + "/trackID=0", null, ("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1;mode=record"));
        (await publisher.RequestAsync("RECORD", url, null, ("Session", setup.Headers["Session"]!.Split(';')[0]))).StatusCode.Should().Be(200);
        await publisher.SendInterleavedAsync(0, RtspServerTests.RtpPacketBytes(1, 0, [1, 2, 3]));
        var deadline = DateTime.UtcNow + RtspClients.Timeout;
        while (server.Server.Sessions.All(s => s.InboundRTPPackets == 0))
        {
            DateTime.UtcNow.Should().BeBefore(deadline);
            await Task.Delay(20);
        }

        // A reader (a WebRTC viewer's PLI, for example) asks the stream for a key frame.
        server.Paths.Find("pli")!.Stream!.RequestKeyFrame();

        var (pli, _, _) = await ReadReportAsync<RtcpPictureLossIndication>(publisher, channel: 1);
        pli.MediaSsrc.Should().Be(0x12345678u);
    }

    /// <summary>Reads interleaved frames until an RTCP compound on <paramref name="channel"/> (after a frame on <paramref name="afterChannel"/>, if given) holds a <typeparamref name="T"/>.</summary>
    private static async Task<(T Report, DateTime ReceivedAt, int Index)> ReadReportAsync<T>(RtspTestClient client, byte channel, int afterChannel = -1)
        where T : RtcpPacket
    {
        var seenAfter = afterChannel < 0;
        using var deadline = new CancellationTokenSource(RtspClients.Timeout);
        var checkedFrames = 0;
        var packets = new List<RtcpPacket>();
        while (true)
        {
            for (; checkedFrames < client.Frames.Count; checkedFrames++)
            {
                var frame = client.Frames[checkedFrames];
                seenAfter |= frame.Channel == afterChannel;
                if (frame.Channel != channel || !seenAfter)
                {
                    continue;
                }

                packets.Clear();
                RtcpParser.ParseCompound(frame.Payload, packets);
                if (packets.OfType<T>().FirstOrDefault() is { } report)
                {
                    return (report, DateTime.UtcNow, checkedFrames);
                }
            }

            deadline.Token.ThrowIfCancellationRequested();
            await client.ReadFramesAsync(client.Frames.Count + 1, RtspClients.Timeout);
        }
    }
}
