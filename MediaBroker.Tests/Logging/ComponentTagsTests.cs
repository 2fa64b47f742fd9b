using FluentAssertions;
using MediaBroker.Logging;
using Xunit;

namespace MediaBroker.Tests.Logging;

public sealed class ComponentTagsTests
{
    [Theory]
    [InlineData("MediaBroker.Protocols.Rtsp.RtspSession", "RTSP")]
    [InlineData("MediaBroker.Protocols.Rtmp.RtmpConn", "RTMP")]
    [InlineData("MediaBroker.Servers.Hls", "HLS")]
    [InlineData("MediaBroker.Protocols.WebRtc.WhipHandler", "WebRTC")]
    [InlineData("MediaBroker.Protocols.Srt.SrtServer", "SRT")]
    [InlineData("MediaBroker.Sources.Rtsp.RtspSource", "RTSP source")]
    [InlineData("MediaBroker.Api.ApiServer", "API")]
    [InlineData("MediaBroker.Metrics.MetricsServer", "metrics")]
    [InlineData("MediaBroker.Playback.PlaybackServer", "playback")]
    [InlineData("MediaBroker.Record.Recorder", "recorder")]
    [InlineData("MediaBroker.Core.PathManager", null)]
    [InlineData("MediaBroker.Servers.Unknown.X", null)]
    [InlineData("MediaBroker", null)]
    [InlineData("Microsoft.AspNetCore.Hosting", null)]
    public void FromCategory_KnownFolders_ShortTag(string category, string? expected)
    {
        ComponentTags.FromCategory(category).Should().Be(expected);
    }
}
