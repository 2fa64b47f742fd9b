using FluentAssertions;
using MediaBroker.Net;
using MediaBroker.Protocols.Rtsp;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp;

public sealed class RtspRequestUrlTests
{
    [Theory]
    [InlineData("rtsp://127.0.0.1:8554/test/stream?param=value", "test/stream", "param=value")]
    [InlineData("rtsp://host/cam/", "cam", "")]
    [InlineData("rtsp://host:1/", "", "")]
    [InlineData("rtsp://host?x=1", "", "x=1")]
    [InlineData("/a/b%20c", "a/b c", "")]
    public void TryParse_RequestUris_SplitsPathAndQuery(string uri, string path, string query)
    {
        RtspRequestUrl.TryParse(uri, out var url).Should().BeTrue();
        url.Should().Be(new RtspRequestUrl(path, query));
    }

    [Theory]
    [InlineData("rtsp://h:1/test/stream?param=value/streamid=0", 0, "test/stream", "param=value")]
    [InlineData("rtsp://h:1/cam/streamid=1", 1, "cam", "")]
    [InlineData("rtsp://h:1/cam/streamid=1/", 1, "cam", "")]
    [InlineData("rtsp://h:1/cam/unknown=9", -1, "cam/unknown=9", "")]
    public void TryParseSetup_ControlAfterPathOrQuery_FindsTrack(string uri, int track, string path, string query)
    {
        RtspRequestUrl.TryParseSetup(uri, ["streamid=0", "streamid=1"], out var url, out var index).Should().BeTrue();
        index.Should().Be(track);
        url.Should().Be(new RtspRequestUrl(path, query));
    }

    [Fact]
    public void TryParseSetup_AbsoluteControl_FindsTrack()
    {
        RtspRequestUrl.TryParseSetup("rtsp://h:1/cam/trackID=5", ["rtsp://h:1/cam/trackID=5"], out var url, out var index).Should().BeTrue();
        index.Should().Be(0);
        url.Path.Should().Be("cam");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a url")]
    public void TryParse_Invalid_ReturnsFalse(string? uri) => RtspRequestUrl.TryParse(uri, out _).Should().BeFalse();

    [Theory]
    [InlineData(":8554", "[::]:8554")]
    [InlineData("127.0.0.1:0", "127.0.0.1:0")]
    [InlineData("[::1]:8322", "[::1]:8322")]
    public void ListenAddress_Parse_MediaMtxForms(string text, string expected) =>
        ListenAddress.Parse(text).ToString().Should().Be(expected);
}
