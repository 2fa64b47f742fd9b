using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Interop;

/// <summary><c>authMethod: http</c> against a real HTTP auth server written in the test, driven by real clients.</summary>
public sealed class HttpAuthInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task HttpAuth_ServerDecides_RightCredentialsPublishAndRead_WrongOnesRefused()
    {
        await using var auth = HttpAuthTestServer.Start(r =>
            HttpAuthTestServer.Field(r, "user") == "alice" && HttpAuthTestServer.Field(r, "password") == "secret"
            && HttpAuthTestServer.Field(r, "action") is "publish" or "read");
        var yaml = BrokerProcess.LoopbackListeners + $"authMethod: http\nauthHTTPAddress: {auth.Url}\npaths:\n  all_others:\n";
        await using var broker = await BrokerProcess.StartAsync(yaml);
        var rtmp = await broker.ListenerAsync("RTMP");
        var url = $"rtmp://127.0.0.1:{rtmp.Port}/live/cam";

        await using (var wrong = MediaTools.PublishH264Aac("flv", url + "?user=alice&pass=nope", 5))
        {
            (await wrong.WaitForExitAsync(Timeout)).Should().NotBe(0);
        }

        await using var publisher = MediaTools.PublishH264Aac("flv", url + "?user=alice&pass=secret");
        var streams = await MediaTools.ProbeWhenReadyAsync(url + "?user=alice&pass=secret", Timeout);
        streams.Should().Contain(s => s.Codec == "h264" && s.Width == 320);

        var publish = auth.Requests.First(r => r.GetProperty("action").GetString() == "publish" && r.GetProperty("password").GetString() == "secret");
        publish.GetProperty("path").GetString().Should().Be("live/cam");
        publish.GetProperty("protocol").GetString().Should().Be("rtmp");
        publish.GetProperty("user").GetString().Should().Be("alice");
        publish.GetProperty("ip").GetString().Should().Be("127.0.0.1");
        publish.GetProperty("query").GetString().Should().Contain("user=alice");
        publish.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("ip", "user", "password", "token", "action", "path", "protocol", "id", "query", "userAgent");
        auth.Requests.Should().Contain(r => r.GetProperty("action").GetString() == "publish" && r.GetProperty("password").GetString() == "nope");
    }
}
