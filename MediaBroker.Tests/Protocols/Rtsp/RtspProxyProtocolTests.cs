using FluentAssertions;
using MediaBroker.Protocols.Rtsp;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp;

/// <summary>rtspTrustedProxies: connections from a trusted proxy start with a PROXY protocol header naming the real client.</summary>
public sealed class RtspProxyProtocolTests
{
    private const string GenericSdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=x\r\nt=0 0\r\n" +
        "m=application 0 RTP/AVP 107\r\na=rtpmap:107 x-custom/90000\r\na=control:trackID=0\r\n";

    [Fact]
    public async Task Connect_FromTrustedProxyWithV1Header_SessionRemoteAddrIsTheProxiedClient()
    {
        await using var server = await RtspTestServer.StartAsync(options: new RtspServerOptions { TrustedProxies = ["127.0.0.1/32"] });
        await using var client = await RtspTestClient.ConnectAsync(server.Server.BoundEndPoint!.Port);

        await client.SendRawAsync("PROXY TCP4 203.0.113.7 127.0.0.1 40123 554\r\n");
        (await client.RequestAsync("OPTIONS", server.Url + "/proxied")).StatusCode.Should().Be(200);
        (await client.RequestAsync("ANNOUNCE", server.Url + "/proxied", GenericSdp)).StatusCode.Should().Be(200);

        server.Server.Sessions.Should().ContainSingle().Which.RemoteAddr.Should().Be("203.0.113.7:40123");
        server.Server.Connections.Should().ContainSingle().Which.RemoteAddr.Should().Be("203.0.113.7:40123");
    }

    [Fact]
    public async Task Connect_NotFromTrustedProxy_HeaderIsNotHonoured()
    {
        await using var server = await RtspTestServer.StartAsync(options: new RtspServerOptions { TrustedProxies = ["192.0.2.1"] });
        await using var client = await RtspTestClient.ConnectAsync(server.Server.BoundEndPoint!.Port);

        // From an untrusted peer the header is a malformed request: the server refuses it (400 or a close).
        await client.SendRawAsync("PROXY TCP4 203.0.113.7 127.0.0.1 40123 554\r\n\r\n");
        var refused = async () => (await client.ReadResponseAsync()).StatusCode.Should().Be(400);
        await refused.Should().NotThrowAsync<FluentAssertions.Execution.AssertionFailedException>();
        server.Server.Connections.Should().NotContain(c => c.RemoteAddr.StartsWith("203.0.113.7", StringComparison.Ordinal));

        await using var direct = await RtspTestClient.ConnectAsync(server.Server.BoundEndPoint!.Port);
        (await direct.RequestAsync("ANNOUNCE", server.Url + "/direct", GenericSdp)).StatusCode.Should().Be(200);
        server.Server.Sessions.Should().ContainSingle().Which.RemoteAddr.Should().StartWith("127.0.0.1:");
    }
}
