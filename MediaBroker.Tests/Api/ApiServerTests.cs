using System.Net;
using System.Text.Json.Nodes;
using FluentAssertions;
using MediaBroker.Api;
using MediaBroker.Conf;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Api;

public sealed class ApiServerTests
{
    private static readonly ImmutableUsers s_adminOnly = new();

    [Fact]
    public async Task Info_Get_ReturnsVersionAndStartTime()
    {
        await using var host = await ApiTestHost.StartAsync();
        var (status, body) = await host.GetAsync("/v3/info");
        status.Should().Be(HttpStatusCode.OK);
        body!["version"]!.GetValue<string>().Should().StartWith("v");
        DateTime.Parse(body["started"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).Should()
            .BeCloseTo(DateTime.UtcNow, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Auth_NoCredentials_Returns401WithBasicChallenge()
    {
        await using var host = await ApiTestHost.StartAsync(s_adminOnly.Conf);
        using var response = await host.Client.GetAsync("/v3/info");
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be("Basic realm=\"mediabroker\"");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        body["status"]!.GetValue<string>().Should().Be("error");
    }

    [Fact]
    public async Task Auth_WrongCredentials_Returns401WithoutChallenge()
    {
        await using var host = await ApiTestHost.StartAsync(s_adminOnly.Conf);
        host.Client.DefaultRequestHeaders.Authorization = ApiTestHost.Basic("admin", "wrong");
        using var response = await host.Client.GetAsync("/v3/info");
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Should().BeEmpty();
    }

    [Fact]
    public async Task Auth_GoodCredentials_Returns200()
    {
        await using var host = await ApiTestHost.StartAsync(s_adminOnly.Conf);
        host.Client.DefaultRequestHeaders.Authorization = ApiTestHost.Basic("admin", "secret");
        (await host.GetAsync("/v3/info")).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Auth_UnknownRouteWithoutCredentials_Returns401()
    {
        await using var host = await ApiTestHost.StartAsync(s_adminOnly.Conf);
        (await host.GetAsync("/v3/nothing")).Status.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UnknownRoute_Returns404ErrorEnvelope()
    {
        await using var host = await ApiTestHost.StartAsync();
        var (status, body) = await host.GetAsync("/v3/nothing/here");
        status.Should().Be(HttpStatusCode.NotFound);
        body!["status"]!.GetValue<string>().Should().Be("error");
        body["error"]!.GetValue<string>().Should().NotBeEmpty();
    }

    [Fact]
    public async Task WrongMethod_IsNotServed()
    {
        await using var host = await ApiTestHost.StartAsync();
        (await host.SendAsync(HttpMethod.Post, "/v3/info")).Status.Should().NotBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CorsPreflight_Returns204WithAllowedMethods()
    {
        await using var host = await ApiTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v3/config/global/patch");
        request.Headers.Add("Origin", "http://example.com");
        request.Headers.Add("Access-Control-Request-Method", "PATCH");
        using var response = await host.Client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Methods").Single().Should().Contain("PATCH");
        response.Headers.GetValues("Access-Control-Allow-Origin").Single().Should().Be("http://example.com", "allowOrigins \"*\" echoes the origin so that credentialed requests work");
    }

    [Fact]
    public async Task JwksRefresh_Post_ReturnsOk()
    {
        await using var host = await ApiTestHost.StartAsync();
        var (status, body) = await host.SendAsync(HttpMethod.Post, "/v3/auth/jwks/refresh");
        status.Should().Be(HttpStatusCode.OK);
        body!["status"]!.GetValue<string>().Should().Be("ok");
    }

    [Fact]
    public async Task StartAsync_ApiDisabled_DoesNotListen()
    {
        var server = new ApiServer(TestPaths.Manager(), null!, new TestConfApplier(new BrokerConf()), [],
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        await server.StartAsync(new BrokerConf { Api = false }, CancellationToken.None);
        server.BoundEndPoint.Should().BeNull();
        server.ConfKeys.Should().Contain(["api", "apiAddress", "apiEncryption", "apiServerKey", "apiServerCert", "apiAllowOrigins", "apiTrustedProxies"]);
    }

    [Fact]
    public async Task Stop_ThenStart_ServesAgain()
    {
        await using var host = await ApiTestHost.StartAsync();
        await host.Server.StopAsync(CancellationToken.None);
        host.Server.BoundEndPoint.Should().BeNull();
        await host.Server.StartAsync(host.Conf.Current, CancellationToken.None);
        host.Server.BoundEndPoint.Should().NotBeNull();
    }

    private sealed class ImmutableUsers
    {
        public BrokerConf Conf { get; } = TestPaths.Conf() with
        {
            AuthInternalUsers =
            [
                new AuthInternalUserConf { User = "admin", Pass = "secret", Permissions = [new("api")] },
            ],
        };
    }
}
