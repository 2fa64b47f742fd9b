using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using MediaBroker.Api;
using MediaBroker.Protocols.Hls;
using MediaBroker.Protocols.Rtmp;
using MediaBroker.Protocols.Rtsp;
using MediaBroker.Protocols.Srt;
using MediaBroker.Protocols.WebRtc;
using Xunit;

namespace MediaBroker.Tests.Api.Resources;

/// <summary>
/// Golden field names of every protocol item, compared with MediaMTX's (internal/defs/api_*.go, in struct order, deprecated
/// fields last), and the JSON types a MediaMTX client expects (uuid strings, RFC 3339 times, null where MediaMTX has null).
/// </summary>
public sealed class ApiItemFieldsTests
{
    private static readonly Guid Id = Guid.Parse("5f0c2f8e-5b7c-4f39-9c1e-0a4f6e1d2c3b");
    private static readonly DateTime Created = new(2026, 8, 22, 10, 0, 0, DateTimeKind.Utc);

    private static JsonObject Json(object item) => JsonSerializer.SerializeToNode(item, item.GetType(), ApiResults.JsonOptions)!.AsObject();

    private static string[] Keys(object item) => [.. Json(item).Select(kv => kv.Key)];

    [Fact]
    public void RtspConn_FieldNames_MatchMediaMtx()
    {
        var item = new ApiRtspConn(Id, Created, "127.0.0.1:5000", null, "none", 1, 2, 1, 2);
        Keys(item).Should().Equal("id", "created", "remoteAddr", "session", "tunnel", "inboundBytes", "outboundBytes", "bytesReceived", "bytesSent");
        var json = Json(item);
        json["id"]!.GetValue<string>().Should().Be("5f0c2f8e-5b7c-4f39-9c1e-0a4f6e1d2c3b");
        json["created"]!.GetValue<string>().Should().Be("2026-08-22T10:00:00Z");
        json["session"].Should().BeNull("MediaMTX writes null for a connection without a session");
    }

    [Fact]
    public void RtspSession_FieldNames_MatchMediaMtx()
    {
        var item = new ApiRtspSession
        {
            Id = Id, Created = Created, RemoteAddr = "127.0.0.1:5000", State = "publish", Path = "cam", Query = "", User = "",
            UserAgent = "ffmpeg", Transport = null, Profile = null, Conns = [Id],
        };
        Keys(item).Should().Equal(
            "id", "created", "remoteAddr", "state", "path", "query", "user", "userAgent", "transport", "profile", "conns",
            "inboundBytes", "inboundRTPPackets", "inboundRTPPacketsLost", "inboundRTPPacketsInError", "inboundRTPPacketsJitter",
            "inboundRTCPPackets", "inboundRTCPPacketsInError", "outboundBytes", "outboundRTPPackets", "outboundRTPPacketsReportedLost",
            "outboundRTPPacketsDiscarded", "outboundRTCPPackets",
            "bytesReceived", "bytesSent", "rtpPacketsReceived", "rtpPacketsSent", "rtpPacketsLost", "rtpPacketsInError",
            "rtpPacketsJitter", "rtcpPacketsReceived", "rtcpPacketsSent", "rtcpPacketsInError");
        var json = Json(item);
        json["transport"].Should().BeNull();
        json["conns"]![0]!.GetValue<string>().Should().Be(Id.ToString());
    }

    [Fact]
    public void RtmpConn_FieldNames_MatchMediaMtx()
    {
        Keys(new ApiRtmpConn(Id, Created, "127.0.0.1:5000", "publish", "cam", "", "", "", 1, 2, 0, 1, 2)).Should().Equal(
            "id", "created", "remoteAddr", "state", "path", "query", "user", "userAgent", "inboundBytes", "outboundBytes",
            "outboundFramesDiscarded", "bytesReceived", "bytesSent");
    }

    [Fact]
    public void WebRtcSession_FieldNames_MatchMediaMtx()
    {
        var item = new ApiWebRtcSession
        {
            Id = Id, Created = Created, RemoteAddr = "127.0.0.1:5000", PeerConnectionEstablished = true, LocalCandidate = "",
            RemoteCandidate = "", State = "read", Path = "cam", Query = "", User = "", UserAgent = "",
        };
        Keys(item).Should().Equal(
            "id", "created", "remoteAddr", "peerConnectionEstablished", "localCandidate", "remoteCandidate", "state", "path", "query",
            "user", "userAgent", "inboundBytes", "inboundRTPPackets", "inboundRTPPacketsLost", "inboundRTPPacketsJitter",
            "inboundRTCPPackets", "outboundBytes", "outboundRTPPackets", "outboundRTCPPackets", "outboundFramesDiscarded",
            "bytesReceived", "bytesSent", "rtpPacketsReceived", "rtpPacketsSent", "rtpPacketsLost", "rtpPacketsJitter",
            "rtcpPacketsReceived", "rtcpPacketsSent");
    }

    [Fact]
    public void HlsItems_FieldNames_MatchMediaMtx()
    {
        Keys(new ApiHlsMuxer("cam", Created, Created, 1, 0, 1)).Should().Equal(
            "path", "created", "lastRequest", "outboundBytes", "outboundFramesDiscarded", "bytesSent");
        Keys(new ApiHlsSession(Id, Created, "127.0.0.1:5000", "cam", "", "", "", false, 1)).Should().Equal(
            "id", "created", "remoteAddr", "path", "query", "user", "userAgent", "isCDN", "outboundBytes");
    }

    [Fact]
    public void SrtConn_FieldNames_MatchMediaMtx()
    {
        var item = new SrtConnInfo { Id = Id, Created = Created, RemoteAddr = "127.0.0.1:5000", State = "publish", Path = "cam", Query = "" };
        Keys(item).Should().StartWith(["id", "created", "remoteAddr", "state", "path", "query", "user", "packetsSent", "packetsReceived"])
            .And.Contain(["packetsSentACK", "packetsReceivedNAK", "msRTT", "mbpsSendRate", "mbpsReceiveRate", "mbpsLinkCapacity",
                "bytesAvailSendBuf", "byteMSS", "msReceiveTsbPdDelay", "packetsReceivedLossRate"])
            .And.EndWith("outboundFramesDiscarded");
    }
}
