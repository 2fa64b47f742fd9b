using System.Buffers.Binary;
using System.Net;
using FluentAssertions;
using MediaBroker.Core;
using MediaBroker.Protocols.Rtsp;
using MediaBroker.Protocols.WebRtc;
using MediaBroker.Streams.Rtp;
using MediaBroker.Tests.Core;
using MediaBroker.Tests.Protocols.Rtsp;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Streams.Rtp;

/// <summary>RTSP and WebRTC readers of one path, through the real servers, share one RTP packetization.</summary>
public sealed class RtpEncoderSharingTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RtspAndWhepReaders_OfOnePath_GetTheSamePacketsFromOneEncoder()
    {
        using var paths = TestPaths.Manager();
        await using var rtsp = new RtspServer(paths, NullLoggerFactory.Instance, new RtspServerOptions
        {
            Address = new IPEndPoint(IPAddress.Loopback, 0),
            RtpAddress = new IPEndPoint(IPAddress.Loopback, 0),
            RtcpAddress = new IPEndPoint(IPAddress.Loopback, 0),
        });
        await rtsp.StartAsync(CancellationToken.None);
        await using var webRtc = new WebRtcServer(paths, NullLoggerFactory.Instance);
        await webRtc.StartAsync(new WebRtcServerOptions { Address = "127.0.0.1:0", LocalUdpAddress = "127.0.0.1:0" }, CancellationToken.None).WaitAsync(s_timeout);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webRtc.BoundEndPoint!.Port}/"), Timeout = s_timeout };
        await using var media = await WebRtcTestMedia.PublishAsync(paths, "cam");

        // An RTSP reader of the video track over interleaved TCP...
        await using var rtspReader = await RtspTestClient.ConnectAsync(rtsp.BoundEndPoint!.Port);
        var url = $"rtsp://127.0.0.1:{rtsp.BoundEndPoint.Port}/cam";
        var setup = await rtspReader.RequestAsync("SETUP", url + "/trackID=0", null, ("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"));
        setup.StatusCode.Should().Be(200);
        (await rtspReader.RequestAsync("PLAY", url, null, ("Session", setup.Headers["Session"]!.Split(';')[0]))).StatusCode.Should().Be(200);

        // ...and a WHEP viewer of the same path.
        await using var viewer = new WhepTestClient(http);
        viewer.CaptureRtp(2000);
        (await viewer.PostOfferAsync(new Uri(http.BaseAddress!, "cam/whep"))).Should().Be(HttpStatusCode.Created, viewer.Answer);
        await viewer.ConnectAsync();

        var stream = media.Stream;
        var encoder = stream.Encoders.Should().ContainSingle("RTSP and WebRTC must not packetize the stream twice")
            .Which.Should().BeOfType<RtpStreamEncoder>().Subject;
        stream.TryGetEncoder(new RtpEncoderKey(RtpPayloadSize.For(1452)), out var keyed).Should().BeTrue();
        keyed.Should().BeSameAs(encoder);

        // Both receive the encoder's packets: same SSRC, sequence number, timestamp and payload bytes; WebRTC only
        // rewrites the payload type to the one the viewer negotiated (H264 as 102 in its offer).
        var rtspBySeq = new Dictionary<ushort, byte[]>();
        var common = 0;
        var deadline = DateTime.UtcNow + s_timeout;
        while (common < 50)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"{common} packets in common so far");
            await rtspReader.ReadFramesAsync(rtspReader.Frames.Count + 1, s_timeout);
            var frame = rtspReader.Frames[^1];
            if (frame.Channel == 0)
            {
                rtspBySeq[WhepTestClient.Sequence(frame.Payload)] = frame.Payload;
            }

            var videoSsrc = encoder.GetTrackState(0).Ssrc;
            common = viewer.Captured.Count(p => Ssrc(p) == videoSsrc && rtspBySeq.ContainsKey(WhepTestClient.Sequence(p)));
        }

        encoder.Packets.SubscriberCount.Should().Be(2, "the RTSP session and the WebRTC session read the one encoder");
        var ssrc = encoder.GetTrackState(0).Ssrc;
        var fromRtsp = rtspBySeq.Values.ToList();
        fromRtsp.Should().OnlyContain(p => Ssrc(p) == ssrc && (p[1] & 0x7F) == encoder.PayloadType(0));
        foreach (var p in viewer.Captured.Where(p => Ssrc(p) == ssrc && rtspBySeq.ContainsKey(WhepTestClient.Sequence(p))))
        {
            var r = rtspBySeq[WhepTestClient.Sequence(p)];
            (p[1] & 0x7F).Should().Be(102);
            (p[1] & 0x80).Should().Be(r[1] & 0x80, "the marker bit is the encoder's");
            p.AsSpan(2).SequenceEqual(r.AsSpan(2)).Should().BeTrue("sequence, timestamp, SSRC and payload come from the one encoder");
        }

        // One size for both: a key frame's fragments fill the shared payload size, which fits WebRTC's 1200 bytes
        // with room for an SRTP tag.
        var largest = RtpPayloadSize.HeaderSize + RtpPayloadSize.For(1452);
        fromRtsp.Max(p => p.Length).Should().Be(largest);
        viewer.Captured.Max(p => p.Length).Should().Be(largest);
        (largest + RtpPayloadSize.SrtpTagRoom).Should().BeLessThanOrEqualTo(1200);
    }

    private static uint Ssrc(byte[] rtp) => BinaryPrimitives.ReadUInt32BigEndian(rtp.AsSpan(8));
}
