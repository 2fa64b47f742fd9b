using System.Net;
using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Record;
using MediaBroker.Triggers;
using Xunit;

namespace MediaBroker.Tests.Triggers;

public sealed class TriggerPayloadTests
{
    private static readonly BrokerConf Conf = new() { RtmpAddress = ":1935", RtspAddress = "10.0.0.5:8554" };

    private static AccessRequest Access(string protocol = "rtmp", Guid? id = null, string query = "") => new()
    {
        Path = "live/cam",
        Query = query,
        RemoteIp = IPAddress.Parse("192.0.2.7"),
        Protocol = protocol,
        ConnectionId = id,
        UserAgent = "ffprobe",
    };

    [Fact]
    public void Lines_JoinedBySingleNewline_NoFinalNewline_LineBreaksInsideFieldsFlattened()
    {
        TriggerPayload.Lines("a", "b\nc", "").Should().Be("a\nb c\n");
        TriggerPayload.Lines().Should().BeEmpty();
    }

    [Fact]
    public void Connection_StreamAddressProtocolUrl()
    {
        TriggerPayload.Connection(Access(query: "key=1"), Conf).Split('\n')
            .Should().Equal("live/cam", "192.0.2.7", "rtmp", "rtmp://localhost:1935/live/cam?key=1");
        TriggerPayload.Connection(Access("rtsp"), Conf).Split('\n')[3].Should().Be("rtsp://10.0.0.5:8554/live/cam");
    }

    [Fact]
    public void UserNew_SixLines_ConnectionIdOrAgentChecksum_StableSessionId()
    {
        var id = Guid.NewGuid();
        var lines = TriggerPayload.UserNew(Access(id: id), Conf).Split('\n');
        lines.Should().HaveCount(6);
        lines[0].Should().Be("live/cam");
        lines[1].Should().Be("192.0.2.7");
        lines[2].Should().Be(id.ToString("N"));
        lines[3].Should().Be("rtmp");
        lines[4].Should().Be("rtmp://localhost:1935/live/cam");
        lines[5].Should().Be(TriggerPayload.SessionId(Access(id: id))).And.MatchRegex("^[0-9a-f]{16}$");

        var connectionless = TriggerPayload.UserNew(Access("hls"), Conf).Split('\n');
        connectionless[2].Should().MatchRegex("^[0-9]+$");
        TriggerPayload.SessionId(Access("hls")).Should().Be(TriggerPayload.SessionId(Access("hls")))
            .And.NotBe(TriggerPayload.SessionId(Access("hls") with { UserAgent = "vlc" }));
    }

    [Fact]
    public void StreamEnd_SevenNumbersAfterTheName()
    {
        TriggerPayload.StreamEnd("cam", 1000, 0, 2, 1, 3, 42).Should().Be("cam\n1000\n0\n2\n1\n3\n42");
    }

    [Fact]
    public void RecordingEnd_TenLines_TimesInUnixSecondsAndMilliseconds()
    {
        var opened = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var r = new RecordingEnd("cam", "/rec/cam/x.mp4", "fmp4", 12345, opened, opened.AddSeconds(61.5), TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(2500));
        TriggerPayload.RecordingEnd(r).Split('\n').Should().Equal(
            "cam", "/rec/cam/x.mp4", "fmp4", "12345", "61", "1767323045", "1767323106", "60000", "2500", "62500");
    }

    [Fact]
    public void PushEnd_SixLines_LogAndStatusAsJson()
    {
        TriggerPayload.PushEnd(7, "cam", "rtmp://a/x", "rtmp://b/y", "refused").Split('\n').Should().Equal(
            "7", "cam", "rtmp://a/x", "rtmp://b/y", "[\"refused\"]", "{\"state\":\"error\",\"error\":\"refused\"}");
        TriggerPayload.PushEnd(8, "cam", "t", "t", null).Split('\n')[4..].Should().Equal("[]", "{\"state\":\"ended\"}");
    }

    [Fact]
    public void LiveTrackList_OneJsonLineWithEveryTrack()
    {
        var tracks = new List<MediaBroker.Media.Track> { new(0, new OpusCodec(2)), new(1, new G711Codec(true, 8000, 1)) };
        var lines = TriggerPayload.LiveTrackList("cam", tracks).Split('\n');
        lines.Should().HaveCount(2);
        lines[0].Should().Be("cam");
        using var doc = System.Text.Json.JsonDocument.Parse(lines[1]);
        doc.RootElement.GetArrayLength().Should().Be(2);
        doc.RootElement[0].GetProperty("type").GetString().Should().Be("audio");
        doc.RootElement[0].GetProperty("codec").GetString().Should().Be("Opus");
        doc.RootElement[1].GetProperty("idx").GetInt32().Should().Be(1);
    }

    [Theory]
    [InlineData("rtmp://example.com/app/stream?key=x", "app/stream", "key=x")]
    [InlineData("rtmps://example.com:443/live/other", "live/other", "")]
    [InlineData("just-a-name", "just-a-name", "orig=1")]
    public void WithRtmpUrl_UrlGivesPathAndQuery_ElseTheStreamName(string answer, string path, string query)
    {
        var rewritten = TriggerPublishRewriter.WithRtmpUrl(Access(query: "orig=1"), answer);
        rewritten.Path.Should().Be(path);
        rewritten.Query.Should().Be(query);
    }
}
