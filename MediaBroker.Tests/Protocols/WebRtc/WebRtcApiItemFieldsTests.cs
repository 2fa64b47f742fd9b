using FluentAssertions;
using MediaBroker.Protocols.WebRtc;
using Xunit;
using static MediaBroker.Tests.ApiItems;

namespace MediaBroker.Tests.Protocols.WebRtc;

/// <summary>Golden field names of the WebRTC session item, compared with MediaMTX's (internal/defs/api_*.go, deprecated fields last).</summary>
public sealed class WebRtcApiItemFieldsTests
{
    [Fact]
    public void WebRtcSession_FieldNames_MatchMediaMtx()
    {
        var item = new WebRtcSessionInfo
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
}
