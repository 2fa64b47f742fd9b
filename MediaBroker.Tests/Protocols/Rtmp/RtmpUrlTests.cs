using FluentAssertions;
using MediaBroker.Protocols.Rtmp;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtmp;

public sealed class RtmpUrlTests
{
    [Theory]
    [InlineData("live", "rtmp://h:1935/live", "cam", "live/cam", "")]
    [InlineData("mystream", "rtmp://h/mystream", "mystream", "mystream", "")] // ffmpeg: rtmp://h/mystream
    [InlineData("mystream", "rtmp://h/mystream", "", "mystream", "")]
    [InlineData("live", "rtmp://h/live", "a/b", "live/a/b", "")]
    [InlineData("live?user=u&pass=p", "rtmp://h/live?user=u&pass=p", "cam", "live/cam", "user=u&pass=p")]
    [InlineData("live", "rtmp://h/live", "cam?token=t&x=1", "live/cam", "token=t&x=1")]
    [InlineData(null, "rtmp://h:1935/app/inst", "cam", "app/inst/cam", "")]
    public void Resolve_AppAndName_PathAndQuery(string? app, string tcUrl, string name, string path, string query)
    {
        RtmpUrl.Resolve(app, tcUrl, name).Should().Be((path, query));
    }

    [Theory]
    [InlineData("rtmp://host/live/cam", false, "host", 1935, "live", "cam", "rtmp://host/live")]
    [InlineData("rtmps://host:1936/live/a/b?user=u", true, "host", 1936, "live", "a/b?user=u", "rtmps://host:1936/live")]
    [InlineData("rtmp://10.0.0.1:19350/stream", false, "10.0.0.1", 19350, "stream", "", "rtmp://10.0.0.1:19350/stream")]
    public void Parse_Url_SplitsLikeFfmpeg(string url, bool tls, string host, int port, string app, string name, string tcUrl)
    {
        RtmpClientUrl.Parse(url).Should().Be(new RtmpClientUrl(tls, host, port, app, name, tcUrl));
    }
}
