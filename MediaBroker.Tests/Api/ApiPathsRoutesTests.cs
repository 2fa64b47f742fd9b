using System.Net;
using System.Text.Json.Nodes;
using FluentAssertions;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Api;

public sealed class ApiPathsRoutesTests
{
    /// <summary>MediaMTX's path item fields, in its order (internal/defs/api_path.go), deprecated ones last.</summary>
    private static readonly string[] s_pathFields =
    [
        "name", "confName", "source", "available", "availableTime", "online", "onlineTime", "tracks2", "readers",
        "inboundBytes", "outboundBytes", "inboundFramesInError", "ready", "readyTime", "tracks", "bytesReceived", "bytesSent",
    ];

    [Fact]
    public async Task PathsList_StaticPathNotReady_GoldenFields()
    {
        await using var host = await ApiTestHost.StartAsync();
        var (status, body) = await host.GetAsync("/v3/paths/list");
        status.Should().Be(HttpStatusCode.OK);
        body!["itemCount"]!.GetValue<int>().Should().Be(1);
        var item = body["items"]![0]!.AsObject();
        item.Select(kv => kv.Key).Should().Equal(s_pathFields);
        item["name"]!.GetValue<string>().Should().Be("cam1");
        item["confName"]!.GetValue<string>().Should().Be("cam1");
        item["source"].Should().BeNull();
        item["available"]!.GetValue<bool>().Should().BeFalse();
        item["availableTime"].Should().BeNull();
        item["readyTime"].Should().BeNull();
        item["tracks2"]!.AsArray().Should().BeEmpty();
        item["readers"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task PathsGet_PublisherAndReaders_ShowsSourceTracksAndReaders()
    {
        await using var host = await ApiTestHost.StartAsync();
        var publisher = new TestPaths.Peer("rtmpConn");
        var reader = new TestPaths.Peer("rtspSession");
        var hidden = new TestPaths.Peer("hidden");
        using var lease = (await host.Paths.AddPublisherAsync(TestPaths.Access("live/one"), publisher, CancellationToken.None)).Value!;
        var tracks = TestPaths.H264AndAac();
        var stream = lease.StartStream(tracks);
        stream.WriteUnit(TestPaths.Video(tracks[0], 0, key: true));
        using var r1 = (await host.Paths.AddReaderAsync(TestPaths.Access("live/one"), reader, CancellationToken.None)).Value!;
        using var r2 = (await host.Paths.AddReaderAsync(TestPaths.Access("live/one"), hidden, CancellationToken.None)).Value!;

        var (status, body) = await host.GetAsync("/v3/paths/get/live/one");
        status.Should().Be(HttpStatusCode.OK);
        var item = body!.AsObject();
        item.Select(kv => kv.Key).Should().Equal(s_pathFields);
        item["confName"]!.GetValue<string>().Should().Be("all_others");
        item["source"]!["type"]!.GetValue<string>().Should().Be("rtmpConn");
        item["source"]!["id"]!.GetValue<string>().Should().Be(publisher.Id.ToString());
        item["available"]!.GetValue<bool>().Should().BeTrue();
        item["ready"]!.GetValue<bool>().Should().BeTrue();
        item["availableTime"]!.GetValue<string>().Should().EndWith("Z");
        item["tracks"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("H264", "MPEG-4 Audio");
        var t2 = item["tracks2"]!.AsArray();
        t2[0]!["codec"]!.GetValue<string>().Should().Be("H264");
        t2[1]!["codecProps"]!["sampleRate"]!.GetValue<int>().Should().Be(44100);
        t2[1]!["codecProps"]!["channelCount"]!.GetValue<int>().Should().Be(2);
        item["readers"]!.ToJsonString().Should().Be(
            new JsonArray(
                new JsonObject { ["type"] = "rtspSession", ["id"] = reader.Id.ToString() },
                new JsonObject { ["type"] = "hidden", ["id"] = "" }).ToJsonString());
        item["inboundBytes"]!.GetValue<long>().Should().Be(3);
        item["bytesReceived"]!.GetValue<long>().Should().Be(3);
    }

    [Fact]
    public async Task PathsGet_Unknown_Returns404()
    {
        await using var host = await ApiTestHost.StartAsync();
        var (status, body) = await host.GetAsync("/v3/paths/get/nothing");
        status.Should().Be(HttpStatusCode.NotFound);
        body!["error"]!.GetValue<string>().Should().Be("path not found");
    }

    [Theory]
    [InlineData("?itemsPerPage=0")]
    [InlineData("?itemsPerPage=abc")]
    [InlineData("?itemsPerPage=-1")]
    [InlineData("?page=x")]
    [InlineData("?page=-1")]
    public async Task PathsList_BadPagination_Returns400(string query)
    {
        await using var host = await ApiTestHost.StartAsync();
        var (status, body) = await host.GetAsync("/v3/paths/list" + query);
        status.Should().Be(HttpStatusCode.BadRequest);
        body!["status"]!.GetValue<string>().Should().Be("error");
    }

    [Fact]
    public async Task ConfigPathsList_Pages_SplitItems()
    {
        var conf = TestPaths.Conf([.. Enumerable.Range(0, 5).Select(i => new MediaBroker.Conf.PathConf { Name = $"p{i}" })]);
        await using var host = await ApiTestHost.StartAsync(conf);
        var page1 = (await host.GetAsync("/v3/config/paths/list?itemsPerPage=2&page=1")).Body!;
        page1["itemCount"]!.GetValue<int>().Should().Be(5);
        page1["pageCount"]!.GetValue<int>().Should().Be(3);
        page1["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).Should().Equal("p2", "p3");
        var last = (await host.GetAsync("/v3/config/paths/list?itemsPerPage=2&page=2")).Body!;
        last["items"]!.AsArray().Should().HaveCount(1);
        var past = (await host.GetAsync("/v3/config/paths/list?itemsPerPage=2&page=9")).Body!;
        past["items"]!.AsArray().Should().BeEmpty();
        past["pageCount"]!.GetValue<int>().Should().Be(3);
    }
}
