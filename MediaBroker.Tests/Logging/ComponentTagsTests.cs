using FluentAssertions;
using MediaBroker.Logging;
using Xunit;

namespace MediaBroker.Tests.Logging;

public sealed class ComponentTagsTests
{
    [Theory]
    [InlineData("MediaBroker.Protocols.Rtsp.RtspSession", "RTSP")]
    [InlineData("MediaBroker.Protocols.Rtmp.RtmpConn", "RTMP")]
    [InlineData("MediaBroker.Protocols.Hls", "HLS")]
    [InlineData("MediaBroker.Protocols.WebRtc.WhipHandler", "WebRTC")]
    [InlineData("MediaBroker.Protocols.Srt.SrtServer", "SRT")]
    [InlineData("MediaBroker.Protocols.Rtsp.Client.RtspSource", "RTSP source")]
    [InlineData("MediaBroker.Protocols.Srt.SrtSource", "SRT source")]
    [InlineData("MediaBroker.Protocols.Hls.Client.HlsFmp4Ingest", "HLS source")]
    [InlineData("MediaBroker.Api.ApiServer", "API")]
    [InlineData("MediaBroker.Metrics.MetricsServer", "metrics")]
    [InlineData("MediaBroker.Playback.PlaybackServer", "playback")]
    [InlineData("MediaBroker.Record.Recorder", "recorder")]
    [InlineData("MediaBroker.Core.PathManager", null)]
    [InlineData("MediaBroker.Protocols.Unknown.X", null)]
    [InlineData("MediaBroker", null)]
    [InlineData("Microsoft.AspNetCore.Hosting", null)]
    public void FromCategory_KnownFolders_ShortTag(string category, string? expected)
    {
        ComponentTags.FromCategory(category).Should().Be(expected);
    }
}
