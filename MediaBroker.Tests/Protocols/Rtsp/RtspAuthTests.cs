using FluentAssertions;
using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Protocols.Rtsp;
using MediaBroker.Tests.Auth;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp;

/// <summary>Basic and Digest through the real auth service: the 401 challenge first, right credentials accepted, wrong ones refused.</summary>
public sealed class RtspAuthTests
{
    [Theory]
    [InlineData("basic")]
    [InlineData("digest")]
    public async Task PublishAndRead_WithCredentials_AcceptedAndWrongRefused(string method)
    {
        using var auth = NewAuth();
        await using var server = await RtspTestServer.StartAsync(new PathAuthorizer(auth), new RtspServerOptions { AuthMethods = [method] });
        var host = server.Url["rtsp://".Length..];
        await using var publisher = RtspClients.Publish($"rtsp://admin:secret@{host}/cam", "tcp", audio: null);
        await server.WaitReadyAsync("cam", RtspClients.Timeout, publisher);

        var streams = await RtspClients.ProbeAsync($"rtsp://admin:secret@{host}/cam", "tcp");
        streams.Should().Contain(s => s.CodecName == "h264" && s.Frames > 10);

        var refused = async () => await RtspClients.ProbeAsync($"rtsp://admin:wrong@{host}/cam", "tcp");
        (await refused.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("401");
    }

    [Theory]
    [InlineData("basic", "Basic realm=")]
    [InlineData("digest", "Digest realm=")]
    public async Task Describe_WithoutCredentials_Gets401Challenge(string method, string challenge)
    {
        using var auth = NewAuth();
        await using var server = await RtspTestServer.StartAsync(new PathAuthorizer(auth), new RtspServerOptions { AuthMethods = [method] });
        await using var client = await RtspTestClient.ConnectAsync(server.Server.BoundEndPoint!.Port);

        var res = await client.RequestAsync("DESCRIBE", server.Url + "/cam");

        res.StatusCode.Should().Be(401);
        res.Headers["WWW-Authenticate"].Should().StartWith(challenge);
        if (method == "digest")
        {
            res.Headers["WWW-Authenticate"].Should().Contain("nonce=\"");
        }
    }

    private static AuthService NewAuth() => new(
        new AuthOptions
        {
            InternalUsers =
            [
                new AuthInternalUserConf
                {
                    User = "admin",
                    Pass = "secret",
                    Permissions = [new AuthPermissionConf("publish"), new AuthPermissionConf("read")],
                },
            ],
        },
        NullLogger<AuthService>.Instance,
        new RecordingDelay());
}
