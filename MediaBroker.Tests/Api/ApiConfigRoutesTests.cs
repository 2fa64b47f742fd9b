using System.Net;
using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Api;

public sealed class ApiConfigRoutesTests
{
    [Fact]
    public async Task GlobalGet_ReturnsEveryGlobalKeyWithPasswordsRedacted()
    {
        var conf = TestPaths.Conf() with
        {
            AuthInternalUsers = [new AuthInternalUserConf { User = "u", Pass = "p", Permissions = [new("api")] }, .. BrokerConf.DefaultInternalUsers],
        };
        await using var host = await ApiTestHost.StartAsync(conf);
        var (status, body) = await host.GetAsync("/v3/config/global/get");
        status.Should().Be(HttpStatusCode.OK);
        body!.AsObject().Select(kv => kv.Key).Should().BeEquivalentTo(ConfSchema.Global.Keys.Select(k => k.Name));
        body["authInternalUsers"]![0]!["pass"]!.GetValue<string>().Should().BeEmpty();
        body["rtspAddress"]!.GetValue<string>().Should().Be(":8554");
        body["readTimeout"]!.GetValue<string>().Should().Be("10s");
    }

    [Fact]
    public async Task GlobalPatch_ValidKeys_AppliedThroughApplier()
    {
        await using var host = await ApiTestHost.StartAsync();
        var (status, body) = await host.SendAsync(HttpMethod.Patch, "/v3/config/global/patch", """{"logLevel":"debug","readTimeout":"20s"}""");
        status.Should().Be(HttpStatusCode.OK);
        body!["status"]!.GetValue<string>().Should().Be("ok");
        host.Conf.Applied.Should().Be(1);
        host.Conf.Current.LogLevel.Should().Be("debug");
        host.Conf.Current.ReadTimeout.Should().Be(TimeSpan.FromSeconds(20));
        (await host.GetAsync("/v3/config/global/get")).Body!["logLevel"]!.GetValue<string>().Should().Be("debug");
    }

    [Theory]
    [InlineData("""{"noSuchKey":1}""")]
    [InlineData("""{"paths":{}}""")]
    [InlineData("""{"logLevel":"loud"}""")]
    [InlineData("""{"writeQueueSize":3}""")]
    [InlineData("""{"readTimeout":true}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{not json""")]
    public async Task GlobalPatch_Invalid_Returns400AndKeepsConf(string patch)
    {
        await using var host = await ApiTestHost.StartAsync();
        var before = host.Conf.Current;
        var (status, body) = await host.SendAsync(HttpMethod.Patch, "/v3/config/global/patch", patch);
        status.Should().Be(HttpStatusCode.BadRequest);
        body!["status"]!.GetValue<string>().Should().Be("error");
        body["error"]!.GetValue<string>().Should().NotBeEmpty();
        host.Conf.Current.Should().BeSameAs(before);
    }

    [Fact]
    public async Task PathDefaultsPatch_ChangesDefaultsAndPathsThatInheritThem()
    {
        var conf = TestPaths.Conf(new PathConf { Name = "cam1" }, new PathConf { Name = "cam2", MaxReaders = 3 });
        await using var host = await ApiTestHost.StartAsync(conf);
        (await host.SendAsync(HttpMethod.Patch, "/v3/config/pathdefaults/patch", """{"maxReaders":7}""")).Status.Should().Be(HttpStatusCode.OK);
        host.Conf.Current.PathDefaults.MaxReaders.Should().Be(7);
        host.Conf.Current.Paths.Single(p => p.Name == "cam1").MaxReaders.Should().Be(7);
        host.Conf.Current.Paths.Single(p => p.Name == "cam2").MaxReaders.Should().Be(3);
        (await host.GetAsync("/v3/config/pathdefaults/get")).Body!["maxReaders"]!.GetValue<int>().Should().Be(7);
        (await host.SendAsync(HttpMethod.Patch, "/v3/config/pathdefaults/patch", """{"bogus":1}""")).Status.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PathsList_ReturnsConfsInFileOrderWithNames()
    {
        await using var host = await ApiTestHost.StartAsync();
        var (status, body) = await host.GetAsync("/v3/config/paths/list");
        status.Should().Be(HttpStatusCode.OK);
        body!["itemCount"]!.GetValue<int>().Should().Be(2);
        body["pageCount"]!.GetValue<int>().Should().Be(1);
        body["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).Should().Equal("cam1", "all_others");
        body["items"]![0]!["source"]!.GetValue<string>().Should().Be("publisher");
    }

    [Fact]
    public async Task PathsGet_KnownAndUnknown()
    {
        await using var host = await ApiTestHost.StartAsync();
        var (status, body) = await host.GetAsync("/v3/config/paths/get/cam1");
        status.Should().Be(HttpStatusCode.OK);
        body!["name"]!.GetValue<string>().Should().Be("cam1");
        var missing = await host.GetAsync("/v3/config/paths/get/nope");
        missing.Status.Should().Be(HttpStatusCode.NotFound);
        missing.Body!["status"]!.GetValue<string>().Should().Be("error");
    }

    [Fact]
    public async Task PathsAdd_NewNameWithSlash_AddsOnTopOfDefaults()
    {
        await using var host = await ApiTestHost.StartAsync();
        var (status, _) = await host.SendAsync(HttpMethod.Post, "/v3/config/paths/add/site/cam9", """{"maxReaders":2}""");
        status.Should().Be(HttpStatusCode.OK);
        var added = host.Conf.Current.Paths.Single(p => p.Name == "site/cam9");
        added.MaxReaders.Should().Be(2);
        added.Source.Should().Be("publisher");
        (await host.GetAsync("/v3/config/paths/get/site/cam9")).Body!["maxReaders"]!.GetValue<int>().Should().Be(2);
        host.Paths.Find("site/cam9").Should().NotBeNull("a static path is created when its conf is applied");
    }

    [Fact]
    public async Task PathsAdd_Existing_Returns400()
    {
        await using var host = await ApiTestHost.StartAsync();
        (await host.SendAsync(HttpMethod.Post, "/v3/config/paths/add/cam1", "{}")).Status.Should().Be(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("bad%20name", "{}")]
    [InlineData("cam5", """{"source":"ftp://x"}""")]
    [InlineData("cam5", """{"unknownField":true}""")]
    [InlineData("all", "{}")]
    public async Task PathsAdd_Invalid_Returns400(string name, string body)
    {
        await using var host = await ApiTestHost.StartAsync();
        var before = host.Conf.Current;
        (await host.SendAsync(HttpMethod.Post, "/v3/config/paths/add/" + name, body)).Status.Should().Be(HttpStatusCode.BadRequest);
        host.Conf.Current.Should().BeSameAs(before);
    }

    [Fact]
    public async Task PathsPatch_ChangesOnlyGivenKeys()
    {
        var conf = TestPaths.Conf(new PathConf { Name = "cam1", MaxReaders = 4, OverridePublisher = false });
        await using var host = await ApiTestHost.StartAsync(conf);
        (await host.SendAsync(HttpMethod.Patch, "/v3/config/paths/patch/cam1", """{"maxReaders":9}""")).Status.Should().Be(HttpStatusCode.OK);
        var pc = host.Conf.Current.Paths.Single(p => p.Name == "cam1");
        pc.MaxReaders.Should().Be(9);
        pc.OverridePublisher.Should().BeFalse();
        (await host.SendAsync(HttpMethod.Patch, "/v3/config/paths/patch/nope", "{}")).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PathsReplace_ResetsOtherKeysAndCreatesMissing()
    {
        var conf = TestPaths.Conf(new PathConf { Name = "cam1", MaxReaders = 4, OverridePublisher = false });
        await using var host = await ApiTestHost.StartAsync(conf);
        (await host.SendAsync(HttpMethod.Post, "/v3/config/paths/replace/cam1", """{"maxReaders":9}""")).Status.Should().Be(HttpStatusCode.OK);
        var pc = host.Conf.Current.Paths.Single(p => p.Name == "cam1");
        pc.MaxReaders.Should().Be(9);
        pc.OverridePublisher.Should().BeTrue();
        (await host.SendAsync(HttpMethod.Post, "/v3/config/paths/replace/cam7", "{}")).Status.Should().Be(HttpStatusCode.OK);
        host.Conf.Current.Paths.Should().Contain(p => p.Name == "cam7");
    }

    [Fact]
    public async Task PathsDelete_RemovesConfOrReturns404()
    {
        await using var host = await ApiTestHost.StartAsync();
        (await host.SendAsync(HttpMethod.Delete, "/v3/config/paths/delete/cam1")).Status.Should().Be(HttpStatusCode.OK);
        host.Conf.Current.Paths.Should().NotContain(p => p.Name == "cam1");
        (await host.SendAsync(HttpMethod.Delete, "/v3/config/paths/delete/cam1")).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ConfigPatch_UnrelatedPublisherAndReaderStayConnected()
    {
        var conf = TestPaths.Conf(new PathConf { Name = "cam1" }, new PathConf { Name = "cam2" });
        await using var host = await ApiTestHost.StartAsync(conf);
        var publisher = new TestPaths.Peer();
        var reader = new TestPaths.Peer();
        using var lease = (await host.Paths.AddPublisherAsync(TestPaths.Access("cam1"), publisher, CancellationToken.None)).Value!;
        lease.StartStream(TestPaths.H264AndAac());
        using var readerLease = (await host.Paths.AddReaderAsync(TestPaths.Access("cam1"), reader, CancellationToken.None)).Value!;

        (await host.SendAsync(HttpMethod.Patch, "/v3/config/paths/patch/cam2", """{"maxReaders":1}""")).Status.Should().Be(HttpStatusCode.OK);
        (await host.SendAsync(HttpMethod.Patch, "/v3/config/global/patch", """{"logLevel":"debug"}""")).Status.Should().Be(HttpStatusCode.OK);
        (await host.SendAsync(HttpMethod.Post, "/v3/config/paths/add/cam3", "{}")).Status.Should().Be(HttpStatusCode.OK);

        publisher.Kicked.IsCompleted.Should().BeFalse();
        reader.Kicked.IsCompleted.Should().BeFalse();
        host.Paths.Find("cam1")!.IsReady.Should().BeTrue();
        host.Paths.Find("cam1")!.ReaderCount.Should().Be(1);
    }

    [Fact]
    public async Task ConfigPatch_ChangedPathConf_KicksThatPathsPublisher()
    {
        await using var host = await ApiTestHost.StartAsync();
        var publisher = new TestPaths.Peer();
        using var lease = (await host.Paths.AddPublisherAsync(TestPaths.Access("cam1"), publisher, CancellationToken.None)).Value!;
        lease.StartStream(TestPaths.H264AndAac());
        (await host.SendAsync(HttpMethod.Patch, "/v3/config/paths/patch/cam1", """{"maxReaders":1}""")).Status.Should().Be(HttpStatusCode.OK);
        (await publisher.Kicked.WaitAsync(TimeSpan.FromSeconds(5))).Should().NotBeEmpty();
    }
}
