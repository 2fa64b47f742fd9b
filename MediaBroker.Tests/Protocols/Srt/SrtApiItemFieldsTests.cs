using FluentAssertions;
using MediaBroker.Protocols.Srt;
using Xunit;
using static MediaBroker.Tests.ApiItems;

namespace MediaBroker.Tests.Protocols.Srt;

/// <summary>Golden field names of the SRT conn item, compared with MediaMTX's (internal/defs/api_*.go).</summary>
public sealed class SrtApiItemFieldsTests
{
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
