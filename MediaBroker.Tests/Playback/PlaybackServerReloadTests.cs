using System.Net;
using FluentAssertions;
using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Hosting;
using MediaBroker.Playback;
using MediaBroker.Record;
using MediaBroker.Tests.Auth;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Playback;

public sealed class PlaybackServerReloadTests
{
    [Fact]
    public void ConfKeys_AreEveryPlaybackGlobalKey()
    {
        var server = new PlaybackServer(new RecordingStore(() => new BrokerConf()),
            new AuthService(new AuthOptions(), NullLogger<AuthService>.Instance, new RecordingDelay()), NullLoggerFactory.Instance);

        server.ConfKeys.Should().BeEquivalentTo(ConfSchema.Global.Keys.Select(k => k.Name).Where(n => n.StartsWith("playback", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Apply_PlaybackAddressChanged_RestartsOnTheNewAddressAndPlaybackNoStopsIt()
    {
        var conf = new BrokerConf { Playback = true, PlaybackAddress = "127.0.0.1:0", Paths = [new PathConf { Name = "all_others" }] };
        await using var server = new PlaybackServer(new RecordingStore(() => conf),
            new AuthService(new AuthOptions(), NullLogger<AuthService>.Instance, new RecordingDelay()), NullLoggerFactory.Instance);
        var supervisor = new ServerSupervisor([server], NullLogger<ServerSupervisor>.Instance);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await supervisor.StartAllAsync(conf, cts.Token);
        var first = server.BoundEndPoint!;

        var next = conf with { PlaybackAddress = "127.0.0.2:0" };
        await supervisor.ApplyAsync(next, new HashSet<string> { "playbackAddress" }, cts.Token);

        server.BoundEndPoint!.Address.Should().Be(IPAddress.Parse("127.0.0.2"));
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        (await client.GetAsync($"http://{server.BoundEndPoint}/list?path=x")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await FluentActions.Awaiting(() => client.GetAsync($"http://{first}/list?path=x")).Should().ThrowAsync<HttpRequestException>();

        await supervisor.ApplyAsync(next with { Playback = false }, new HashSet<string> { "playback" }, cts.Token);
        server.BoundEndPoint.Should().BeNull();
        await supervisor.StopAllAsync(cts.Token);
    }
}
