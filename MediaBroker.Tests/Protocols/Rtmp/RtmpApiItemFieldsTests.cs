using FluentAssertions;
using MediaBroker.Protocols.Rtmp;
using Xunit;
using static MediaBroker.Tests.ApiItems;

namespace MediaBroker.Tests.Protocols.Rtmp;

/// <summary>Golden field names of the RTMP conn item, compared with MediaMTX's (internal/defs/api_*.go, deprecated fields last).</summary>
public sealed class RtmpApiItemFieldsTests
{
    [Fact]
    public void RtmpConn_FieldNames_MatchMediaMtx()
    {
        var item = new RtmpConnInfo
        {
            Id = Id, Created = Created, RemoteAddr = "127.0.0.1:5000", State = "publish", Path = "cam", Query = "", User = "", UserAgent = "",
            InboundBytes = 1, OutboundBytes = 2, IsTls = true,
        };
        Keys(item).Should().Equal(
            "id", "created", "remoteAddr", "state", "path", "query", "user", "userAgent", "inboundBytes", "outboundBytes",
            "outboundFramesDiscarded", "bytesReceived", "bytesSent",
            "outboundSends", "bytesPerSend"); // ours, after MediaMTX's fields
        var json = Json(item);
        json["bytesReceived"]!.GetValue<long>().Should().Be(1);
        json["bytesSent"]!.GetValue<long>().Should().Be(2);
    }
}
