using System.Collections.Concurrent;
using System.Net;
using FluentAssertions;
using MediaBroker.Api;
using Xunit;

namespace MediaBroker.Tests.Api;

public sealed class ApiResourceRoutesTests
{
    /// <summary>MediaMTX's RTMP conn item (internal/defs/api_rtmp.go), as a protocol server would declare it.</summary>
    public sealed record RtmpConnItem(Guid Id, DateTime Created, string RemoteAddr, string State, string Path, string Query,
        string User, string UserAgent, long InboundBytes, long OutboundBytes, long OutboundFramesDiscarded);

    private sealed class FakeRtmp
    {
        public ConcurrentDictionary<Guid, RtmpConnItem> Conns { get; } = new();

        public bool Enabled { get; set; } = true;

        public IReadOnlyList<RtmpConnItem> List() => [.. Conns.Values.OrderBy(c => c.Created)];

        public bool Kick(Guid id) => Conns.TryRemove(id, out _);
    }

    private static (FakeRtmp, IApiResourceProvider) Make()
    {
        var fake = new FakeRtmp();
        for (var i = 0; i < 3; i++)
        {
            var c = new RtmpConnItem(Guid.NewGuid(), DateTime.UtcNow.AddSeconds(i), $"127.0.0.1:{4000 + i}", "publish", "cam", "", "", "", 10, 20, 0);
            fake.Conns[c.Id] = c;
        }

        return (fake, ApiResource.Create("rtmpconns", fake.List, c => c.Id.ToString(), fake.Kick, () => fake.Enabled));
    }

    [Fact]
    public async Task List_ReturnsItemsWithMediaMtxFieldNames()
    {
        var (fake, provider) = Make();
        await using var host = await ApiTestHost.StartAsync(null, null, provider);
        var (status, body) = await host.GetAsync("/v3/rtmpconns/list?itemsPerPage=2");
        status.Should().Be(HttpStatusCode.OK);
        body!["itemCount"]!.GetValue<int>().Should().Be(3);
        body["pageCount"]!.GetValue<int>().Should().Be(2);
        body["items"]![0]!.AsObject().Select(kv => kv.Key).Should().Equal(
            "id", "created", "remoteAddr", "state", "path", "query", "user", "userAgent", "inboundBytes", "outboundBytes", "outboundFramesDiscarded");
        body["items"]![0]!["id"]!.GetValue<string>().Should().Be(fake.List()[0].Id.ToString());
    }

    [Fact]
    public async Task Get_KnownUnknownAndInvalidIds()
    {
        var (fake, provider) = Make();
        await using var host = await ApiTestHost.StartAsync(null, null, provider);
        var id = fake.List()[1].Id;
        var (status, body) = await host.GetAsync($"/v3/rtmpconns/get/{id}");
        status.Should().Be(HttpStatusCode.OK);
        body!["remoteAddr"]!.GetValue<string>().Should().Be("127.0.0.1:4001");
        (await host.GetAsync($"/v3/rtmpconns/get/{Guid.NewGuid()}")).Status.Should().Be(HttpStatusCode.NotFound);
        (await host.GetAsync("/v3/rtmpconns/get/not-a-uuid")).Status.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Kick_RemovesItemThen404()
    {
        var (fake, provider) = Make();
        await using var host = await ApiTestHost.StartAsync(null, null, provider);
        var id = fake.List()[0].Id;
        var (status, body) = await host.SendAsync(HttpMethod.Post, $"/v3/rtmpconns/kick/{id}");
        status.Should().Be(HttpStatusCode.OK);
        body!["status"]!.GetValue<string>().Should().Be("ok");
        fake.Conns.Should().NotContainKey(id);
        (await host.SendAsync(HttpMethod.Post, $"/v3/rtmpconns/kick/{id}")).Status.Should().Be(HttpStatusCode.NotFound);
        (await host.SendAsync(HttpMethod.Post, "/v3/rtmpconns/kick/zzz")).Status.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task DisabledServer_RoutesAnswer404()
    {
        var (fake, provider) = Make();
        fake.Enabled = false;
        await using var host = await ApiTestHost.StartAsync(null, null, provider);
        (await host.GetAsync("/v3/rtmpconns/list")).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WithoutKick_KickRouteNotServed()
    {
        var provider = ApiResource.Create("hlsmuxers", () => (IReadOnlyList<object>)[], _ => "");
        await using var host = await ApiTestHost.StartAsync(null, null, provider);
        (await host.GetAsync("/v3/hlsmuxers/list")).Status.Should().Be(HttpStatusCode.OK);
        (await host.GetAsync("/v3/hlsmuxers/get/some/path")).Status.Should().Be(HttpStatusCode.NotFound);
        (await host.SendAsync(HttpMethod.Post, $"/v3/hlsmuxers/kick/{Guid.NewGuid()}")).Status.Should().Be(HttpStatusCode.NotFound);
        host.Server.Routes.Routes.Should().Contain(r => r.Pattern == "/v3/hlsmuxers/get/{name}");
    }
}
