using FluentAssertions;
using MediaBroker.Protocols.Hls;
using Xunit;
using static MediaBroker.Tests.ApiItems;

namespace MediaBroker.Tests.Protocols.Hls;

/// <summary>Golden field names of the HLS items, compared with MediaMTX's (internal/defs/api_*.go, deprecated fields last).</summary>
public sealed class HlsApiItemFieldsTests
{
    [Fact]
    public void HlsItems_FieldNames_MatchMediaMtx()
    {
        Keys(new HlsMuxerInfo { Path = "cam", Created = Created, LastRequest = Created, OutboundBytes = 1 }).Should().Equal(
            "path", "created", "lastRequest", "outboundBytes", "outboundFramesDiscarded", "bytesSent");
        Keys(new HlsSessionInfo { Id = Id, Created = Created, RemoteAddr = "127.0.0.1:5000", Path = "cam", Query = "", User = "", UserAgent = "", OutboundBytes = 1 })
            .Should().Equal("id", "created", "remoteAddr", "path", "query", "user", "userAgent", "isCDN", "outboundBytes");
    }
}
