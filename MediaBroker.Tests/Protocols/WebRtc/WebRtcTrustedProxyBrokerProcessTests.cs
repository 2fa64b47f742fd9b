using System.Net;
using FluentAssertions;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Xunit;

namespace MediaBroker.Tests.Protocols.WebRtc;

/// <summary>
/// webrtcTrustedProxies on the real executable: behind a trusted proxy, the client named in X-Forwarded-For is the one
/// auth, the session and the log see; from anyone else the header is ignored. The auth server allows that client only,
/// so the HTTP status is the decision made on the address.
/// </summary>
public sealed class WebRtcTrustedProxyBrokerProcessTests
{
    private const string Client = "203.0.113.7";

    // The leftmost hop is whatever the client sent (forgeable); the trusted proxy appended the address it saw.
    private const string ForwardedFor = "198.51.100.9, " + Client;

    [Fact]
    public async Task Whip_FromTrustedProxy_AuthSessionAndLogUseTheForwardedClient()
    {
        await using var auth = HttpAuthTestServer.Start(r => HttpAuthTestServer.Field(r, "ip") == Client);
        await using var broker = await StartBrokerAsync(auth, "webrtcTrustedProxies: [127.0.0.1]\n");
        using var http = await ClientAsync(broker);
        await using var publisher = new WhepTestClient(http);

        (await publisher.PostWhipOfferAsync(new Uri(http.BaseAddress!, "cam/whip"))).Should().Be(HttpStatusCode.Created, publisher.Answer);

        var request = auth.Requests.Should().ContainSingle(r => HttpAuthTestServer.Field(r, "action") == "publish").Which;
        HttpAuthTestServer.Field(request, "ip").Should().Be(Client);
        HttpAuthTestServer.Field(request, "protocol").Should().Be("webrtc");
        await broker.Process.WaitForLineAsync(l => l.Contains($"created by {Client}:", StringComparison.Ordinal), BrokerProcess.StartTimeout);
        await broker.Process.WaitForLineAsync(l => l.Contains($"[conn {Client}] POST /cam/whip 201", StringComparison.Ordinal), BrokerProcess.StartTimeout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("webrtcTrustedProxies: [192.0.2.1]\n")]
    public async Task Whip_NotFromTrustedProxy_ForwardedForIsIgnored(string trustedProxies)
    {
        await using var auth = HttpAuthTestServer.Start(r => HttpAuthTestServer.Field(r, "ip") == Client);
        await using var broker = await StartBrokerAsync(auth, trustedProxies);
        using var http = await ClientAsync(broker);
        await using var publisher = new WhepTestClient(http);

        // Credentials make the refusal an auth failure, which is logged with the address (a bare challenge is not).
        (await publisher.PostWhipOfferAsync(new Uri(http.BaseAddress!, "cam/whip?user=u&pass=p"))).Should().Be(HttpStatusCode.Unauthorized);

        var request = auth.Requests.Should().ContainSingle(r => HttpAuthTestServer.Field(r, "action") == "publish").Which;
        HttpAuthTestServer.Field(request, "ip").Should().Be("127.0.0.1");
        await broker.Process.WaitForLineAsync(l => l.Contains("authentication failed", StringComparison.Ordinal) && l.Contains("ip 127.0.0.1,", StringComparison.Ordinal),
            BrokerProcess.StartTimeout);
        await broker.Process.WaitForLineAsync(l => l.Contains("[conn 127.0.0.1] POST /cam/whip 401", StringComparison.Ordinal), BrokerProcess.StartTimeout);
        broker.Process.Output.Should().NotContain(Client);
    }

    private static Task<BrokerProcess> StartBrokerAsync(HttpAuthTestServer auth, string trustedProxies) =>
        BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + trustedProxies +
            $"logLevel: debug\nauthMethod: http\nauthHTTPAddress: {auth.Url}\npaths:\n  all_others:\n");

    /// <summary>A client on 127.0.0.1, playing the proxy: every request carries <see cref="ForwardedFor"/>.</summary>
    private static async Task<HttpClient> ClientAsync(BrokerProcess broker)
    {
        var endPoint = await broker.ListenerAsync("WebRTC");
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{endPoint.Port}/"), Timeout = TimeSpan.FromSeconds(20) };
        http.DefaultRequestHeaders.Add("X-Forwarded-For", ForwardedFor);
        return http;
    }
}
