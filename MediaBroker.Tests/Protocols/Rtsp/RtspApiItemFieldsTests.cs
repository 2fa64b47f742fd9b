using FluentAssertions;
using MediaBroker.Protocols.Rtsp;
using Xunit;
using static MediaBroker.Tests.ApiItems;

namespace MediaBroker.Tests.Protocols.Rtsp;

/// <summary>
/// Golden field names of the RTSP items, compared with MediaMTX's (internal/defs/api_*.go, in struct order, deprecated
/// fields last), and the JSON types a MediaMTX client expects (uuid strings, RFC 3339 times, null where MediaMTX has null).
/// </summary>
public sealed class RtspApiItemFieldsTests
{
    [Fact]
    public void RtspConn_FieldNames_MatchMediaMtx()
    {
        var item = new RtspConnInfo { Id = Id, Created = Created, RemoteAddr = "127.0.0.1:5000", Session = null, InboundBytes = 1, OutboundBytes = 2, IsTls = true };
        Keys(item).Should().Equal("id", "created", "remoteAddr", "session", "tunnel", "inboundBytes", "outboundBytes", "bytesReceived", "bytesSent");
        var json = Json(item);
        json["id"]!.GetValue<string>().Should().Be("5f0c2f8e-5b7c-4f39-9c1e-0a4f6e1d2c3b");
        json["created"]!.GetValue<string>().Should().Be("2026-08-22T10:00:00Z");
        json["session"].Should().BeNull("MediaMTX writes null for a connection without a session");
        json["tunnel"]!.GetValue<string>().Should().Be("none");
        json["bytesReceived"]!.GetValue<long>().Should().Be(1);
        json["bytesSent"]!.GetValue<long>().Should().Be(2);
    }

    [Fact]
    public void RtspSession_FieldNames_MatchMediaMtx()
    {
        var item = new RtspSessionInfo
        {
            Id = Id, Created = Created, RemoteAddr = "127.0.0.1:5000", State = "publish", Path = "cam", Query = "", User = "",
            UserAgent = "ffmpeg", Transport = null, Profile = null, Conns = [Id], IsTls = true,
        };
        Keys(item).Should().Equal(
            "id", "created", "remoteAddr", "state", "path", "query", "user", "userAgent", "transport", "profile", "conns",
            "inboundBytes", "inboundRTPPackets", "inboundRTPPacketsLost", "inboundRTPPacketsInError", "inboundRTPPacketsJitter",
            "inboundRTCPPackets", "inboundRTCPPacketsInError", "outboundBytes", "outboundRTPPackets", "outboundRTPPacketsReportedLost",
            "outboundRTPPacketsDiscarded", "outboundRTCPPackets",
            "bytesReceived", "bytesSent", "rtpPacketsReceived", "rtpPacketsSent", "rtpPacketsLost", "rtpPacketsInError",
            "rtpPacketsJitter", "rtcpPacketsReceived", "rtcpPacketsSent", "rtcpPacketsInError",
            "outboundSends", "bytesPerSend"); // ours, after MediaMTX's fields
        var json = Json(item);
        json["transport"].Should().BeNull();
        json["conns"]![0]!.GetValue<string>().Should().Be(Id.ToString());
    }
}
