using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Formats.Amf;
using MediaBroker.Protocols.Rtmp;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtmp;

/// <summary>Publishing with our own client: no external tools, exact control over what is sent.</summary>
public sealed class RtmpPublishTests
{
    [Fact]
    public async Task PublishAsync_BusyPathWithoutOverride_BadName()
    {
        var conf = TestPaths.Conf(new PathConf { Name = "all_others", OverridePublisher = false });
        await using var server = await RtmpTestServer.StartAsync(conf: conf);
        using var cts = new CancellationTokenSource(Ffmpeg.Timeout);
        await using var first = await RtmpClient.ConnectAsync($"{server.Url}/live/busy", cts.Token);
        await first.PublishAsync(cts.Token);

        await using var second = await RtmpClient.ConnectAsync($"{server.Url}/live/busy", cts.Token);
        var act = () => second.PublishAsync(cts.Token);

        (await act.Should().ThrowAsync<RtmpProtocolException>()).WithMessage("*NetStream.Publish.BadName*");
    }

    [Fact]
    public async Task PublishAsync_BusyPathWithOverride_FirstPublisherKicked()
    {
        await using var server = await RtmpTestServer.StartAsync();
        using var cts = new CancellationTokenSource(Ffmpeg.Timeout);
        await using var first = await RtmpClient.ConnectAsync($"{server.Url}/live/over", cts.Token);
        await first.PublishAsync(cts.Token);
        await using var second = await RtmpClient.ConnectAsync($"{server.Url}/live/over", cts.Token);
        await second.PublishAsync(cts.Token);

        // The first connection is closed by the server.
        (await first.ReadMediaAsync(cts.Token)).Should().BeNull();
    }

    [Fact]
    public async Task WriteMediaAsync_H264AndAacTags_PathReadyWithUnits()
    {
        await using var server = await RtmpTestServer.StartAsync();
        using var cts = new CancellationTokenSource(Ffmpeg.Timeout);
        await using var client = await RtmpClient.ConnectAsync($"{server.Url}/live/tags", cts.Token);
        await client.PublishAsync(cts.Token);

        var metadata = Amf0Writer.Encode("@setDataFrame", "onMetaData", new AmfObject(true).Add("videocodecid", 7.0).Add("audiocodecid", 10.0));
        await client.WriteMediaAsync(RtmpMessageType.DataAmf0, 0, metadata, cts.Token);
        foreach (var tag in Formats.Flv.FlvTestFiles.Tags(Formats.Flv.FlvTestFiles.Read("h264_aac.flv")))
        {
            if (tag.Type != MediaBroker.Formats.Flv.FlvTagType.Script)
            {
                await client.WriteMediaAsync((RtmpMessageType)tag.Type, tag.Timestamp, tag.Body, cts.Token);
            }
        }

        await server.WaitReadyAsync("live/tags", Ffmpeg.Timeout);
        var stream = server.Paths.Find("live/tags")!.Stream!;
        stream.Tracks.Select(t => t.Codec.Name).Should().Equal("H264", "MPEG-4 Audio");
        var deadline = DateTime.UtcNow + Ffmpeg.Timeout;
        while (stream.InboundBytes < 20000 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        stream.InboundBytes.Should().BeGreaterThan(20000);
        server.Server.Connections.Single().InboundBytes.Should().BeGreaterThan(40000);
    }
}
