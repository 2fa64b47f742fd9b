using System.Text;
using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Protocols.Rtsp;
using MediaBroker.Streams.Rtp;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp;

/// <summary>Protocol behaviour driven by a bare client: status codes, generic tracks, shared encoding, slow readers.</summary>
public sealed class RtspServerTests
{
    private const string GenericSdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=x\r\nt=0 0\r\n" +
        "m=application 0 RTP/AVP 107\r\na=rtpmap:107 x-custom/90000\r\na=control:trackID=0\r\n";

    [Fact]
    public async Task Options_Always_ListsMethods()
    {
        await using var server = await RtspTestServer.StartAsync();
        await using var client = await RtspTestClient.ConnectAsync(server.Server.BoundEndPoint!.Port);

        var res = await client.RequestAsync("OPTIONS", server.Url + "/x");

        res.StatusCode.Should().Be(200);
        res.Headers["Public"].Should().Contain("DESCRIBE").And.Contain("RECORD").And.Contain("GET_PARAMETER");
        res.Headers["CSeq"].Should().Be("1");
    }

    [Fact]
    public async Task Requests_InvalidInState_GetTheRightStatusAndKeepTheConnection()
    {
        await using var server = await RtspTestServer.StartAsync();
        await using var client = await RtspTestClient.ConnectAsync(server.Server.BoundEndPoint!.Port);
        var url = server.Url + "/cam";

        (await client.RequestAsync("DESCRIBE", url)).StatusCode.Should().Be(404);
        (await client.RequestAsync("PLAY", url)).StatusCode.Should().Be(454);
        (await client.RequestAsync("PLAY", url, null, ("Session", "deadbeef"))).StatusCode.Should().Be(454);
        (await client.RequestAsync("FOO", url)).StatusCode.Should().Be(501);
        (await client.RequestAsync("SETUP", url + "/trackID=0", null, ("Transport", "RAW/RAW/UDP;unicast"))).StatusCode.Should().Be(461);

        var announce = await client.RequestAsync("ANNOUNCE", url, GenericSdp);
        announce.StatusCode.Should().Be(200);
        var session = announce.Headers["Session"]!.Split(';')[0];
        (await client.RequestAsync("RECORD", url, null, ("Session", session))).StatusCode.Should().Be(455);
        (await client.RequestAsync("OPTIONS", url)).StatusCode.Should().Be(200);
    }

    [Fact]
    public async Task MalformedRequest_Gets400_OtherConnectionsUnaffected()
    {
        await using var server = await RtspTestServer.StartAsync();
        await using var good = await RtspTestClient.ConnectAsync(server.Server.BoundEndPoint!.Port);
        await using var bad = await RtspTestClient.ConnectAsync(server.Server.BoundEndPoint!.Port);

        await bad.SendRawAsync("GARBAGE\r\nno colon here\r\n\r\n");
        (await bad.ReadResponseAsync()).StatusCode.Should().Be(400);

        (await good.RequestAsync("OPTIONS", server.Url + "/x")).StatusCode.Should().Be(200);
    }

    [Fact]
    public async Task Redirect_SourceRedirect_Gets302WithLocation()
    {
        var conf = TestPaths.Conf(new PathConf { Name = "old", Source = "redirect", SourceRedirect = "rtsp://example.com/new" });
        await using var server = await RtspTestServer.StartAsync(conf: conf);
        await using var client = await RtspTestClient.ConnectAsync(server.Server.BoundEndPoint!.Port);

        var res = await client.RequestAsync("DESCRIBE", server.Url + "/old");

        res.StatusCode.Should().Be(302);
        res.Headers["Location"].Should().Be("rtsp://example.com/new");
    }

    [Fact]
    public async Task GenericTrack_PublishedOverTcp_IsForwardedToReaders()
    {
        await using var server = await RtspTestServer.StartAsync();
        var port = server.Server.BoundEndPoint!.Port;
        await using var publisher = await RtspTestClient.ConnectAsync(port);
        var url = server.Url + "/generic";
        var session = await PublishGenericAsync(publisher, url);

        await using var reader = await RtspTestClient.ConnectAsync(port);
        var describe = await reader.RequestAsync("DESCRIBE", url);
        describe.StatusCode.Should().Be(200);
        Encoding.UTF8.GetString(describe.Body.Span).Should().Contain("a=rtpmap:107 x-custom/90000");
        var setup = await reader.RequestAsync("SETUP", url + "/trackID=0", null, ("Transport", "RTP/AVP/TCP;unicast;interleaved=4-5"));
        setup.StatusCode.Should().Be(200);
        setup.Headers["Transport"].Should().Contain("interleaved=4-5");
        var readerSession = setup.Headers["Session"]!.Split(';')[0];
        (await reader.RequestAsync("PLAY", url, null, ("Session", readerSession))).StatusCode.Should().Be(200);

        for (var i = 0; i < 5; i++)
        {
            await publisher.SendInterleavedAsync(0, RtpPacketBytes((ushort)(100 + i), (uint)(i * 3000), [0xCA, 0xFE, (byte)i]));
        }

        await reader.ReadFramesAsync(6, TimeSpan.FromSeconds(10));
        var rtp = reader.Frames.Where(f => f.Channel != 5).ToList(); // 5: RTCP, a sender report ahead of the first packet
        rtp.Should().OnlyContain(f => f.Channel == 4);
        rtp.Select(f => f.Payload[^1]).Should().Equal(0, 1, 2, 3, 4);
        (rtp[0].Payload[1] & 0x7F).Should().Be(107, "the payload type of the generic track is kept");
        server.Server.Sessions.Should().Contain(s => s.State == "publish" && s.InboundRTPPackets == 5);
        _ = session;
    }

    [Fact]
    public async Task TwoReaders_OfOneStream_ShareOneEncoder()
    {
        await using var server = await RtspTestServer.StartAsync();
        var port = server.Server.BoundEndPoint!.Port;
        await using var publisher = await RtspTestClient.ConnectAsync(port);
        var url = server.Url + "/shared";
        await PublishGenericAsync(publisher, url);

        var readers = new List<RtspTestClient>();
        try
        {
            for (var r = 0; r < 3; r++)
            {
                var reader = await RtspTestClient.ConnectAsync(port);
                readers.Add(reader);
                var setup = await reader.RequestAsync("SETUP", url + "/trackID=0", null, ("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"));
                (await reader.RequestAsync("PLAY", url, null, ("Session", setup.Headers["Session"]!.Split(';')[0]))).StatusCode.Should().Be(200);
            }

            await publisher.SendInterleavedAsync(0, RtpPacketBytes(1, 0, [1, 2, 3]));
            foreach (var reader in readers)
            {
                await reader.ReadFramesAsync(1, TimeSpan.FromSeconds(10));
            }

            var stream = server.Paths.Find("shared")!.Stream!;
            var encoder = stream.Encoders.Should().ContainSingle().Which.Should().BeOfType<RtpStreamEncoder>().Subject;
            stream.TryGetEncoder(new RtpEncoderKey(RtpPayloadSize.For(server.Server.Options.UdpMaxPayloadSize)), out var keyed).Should().BeTrue();
            keyed.Should().BeSameAs(encoder);
            encoder.Packets.SubscriberCount.Should().Be(3);
            readers.Select(r => r.Frames[0].Payload).Should().AllBeEquivalentTo(readers[0].Frames[0].Payload);
        }
        finally
        {
            foreach (var r in readers)
            {
                await r.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task SlowTcpReader_ThatStopsReading_DoesNotAffectPublisherOrOtherReader()
    {
        await using var server = await RtspTestServer.StartAsync(conf: TestPaths.Conf() with { WriteQueueSize = 16 });
        await using var publisher = RtspClients.Publish(server.Url + "/slow", "tcp", audio: null, extra: ["-b:v", "2M"]);
        await server.WaitReadyAsync("slow", RtspClients.Timeout, publisher);

        await using var stalled = await RtspTestClient.ConnectAsync(server.Server.BoundEndPoint!.Port, receiveBuffer: 4096);
        var setup = await stalled.RequestAsync("SETUP", server.Url + "/slow/trackID=0", null, ("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"));
        (await stalled.RequestAsync("PLAY", server.Url + "/slow", null, ("Session", setup.Headers["Session"]!.Split(';')[0]))).StatusCode.Should().Be(200);

        // The stalled client never reads again; another reader must still decode the stream.
        var streams = await RtspClients.ProbeAsync(server.Url + "/slow", "tcp", seconds: 3);

        streams.Should().Contain(s => s.CodecName == "h264" && s.Frames > 20);
        server.Paths.Find("slow")!.IsReady.Should().BeTrue("the publisher is not slowed down by the stalled reader");
    }

    internal static async Task<string> PublishGenericAsync(RtspTestClient publisher, string url)
    {
        (await publisher.RequestAsync("ANNOUNCE", url, GenericSdp)).StatusCode.Should().Be(200);
        var setup = await publisher.RequestAsync("SETUP", url + "/trackID=0", null, ("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1;mode=record"));
        setup.StatusCode.Should().Be(200);
        var session = setup.Headers["Session"]!.Split(';')[0];
        (await publisher.RequestAsync("RECORD", url, null, ("Session", session))).StatusCode.Should().Be(200);
        return session;
    }

    internal static byte[] RtpPacketBytes(ushort seq, uint timestamp, byte[] payload)
    {
        var p = new byte[12 + payload.Length];
        p[0] = 0x80;
        p[1] = 0x80 | 107;
        p[2] = (byte)(seq >> 8);
        p[3] = (byte)seq;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(4), timestamp);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(8), 0x12345678);
        payload.CopyTo(p, 12);
        return p;
    }
}
