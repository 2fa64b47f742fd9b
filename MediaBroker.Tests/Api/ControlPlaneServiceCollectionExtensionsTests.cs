using System.Net;
using FluentAssertions;
using MediaBroker.Api;
using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Hooks;
using MediaBroker.Hosting;
using MediaBroker.Metrics;
using MediaBroker.Net;
using MediaBroker.Tests.Auth;
using MediaBroker.Tests.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Api;

public sealed class ControlPlaneServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddBrokerControlPlane_ResolvesAndServes()
    {
        var conf = TestPaths.Conf() with { Api = true, ApiAddress = "127.0.0.1:0", Metrics = true, MetricsAddress = "127.0.0.1:0",
            Playback = true, PlaybackAddress = "127.0.0.1:0" };
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IConfApplier>(new TestConfApplier(conf));
        services.AddSingleton(new AuthService(new AuthOptions(), NullLogger<AuthService>.Instance, new RecordingDelay()));
        services.AddSingleton(sp => new PathManager(conf, new TestPaths.AllowAllAuthorizer(), NullLoggerFactory.Instance, [], sp.GetService<IPathEvents>()));
        services.AddBrokerControlPlane();
        await using var sp = services.BuildServiceProvider();

        // Hooks and triggers both see the path events and the connections.
        sp.GetRequiredService<IPathEvents>().Should().BeOfType<PathEventsFanout>();
        sp.GetRequiredService<HookManager>().Should().NotBeNull();
        sp.GetRequiredService<MediaBroker.Triggers.TriggerPathEvents>().Should().NotBeNull();
        sp.GetRequiredService<MediaBroker.Hooks.IConnectionHooks>().Should().BeOfType<ConnectionHooksFanout>();
        var servers = sp.GetServices<IBrokerServer>().ToList();
        servers.Select(s => s.Name).Should().Equal("playback", "API", "metrics", "pprof");
        foreach (var s in servers)
        {
            await s.StartAsync(conf, CancellationToken.None);
        }

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var metrics = sp.GetRequiredService<MetricsServer>();
        var text = await client.GetStringAsync($"http://127.0.0.1:{metrics.BoundEndPoint!.Port}/metrics");
        text.Should().Contain("# Paths\n").And.Contain("mediabroker_paths 0\n");
        var api = sp.GetRequiredService<ApiServer>();
        (await client.GetAsync($"http://127.0.0.1:{api.BoundEndPoint!.Port}/v3/paths/list")).StatusCode.Should().Be(HttpStatusCode.OK);
        var playback = sp.GetRequiredService<MediaBroker.Playback.PlaybackServer>();
        var list = await client.GetAsync($"http://127.0.0.1:{playback.BoundEndPoint!.Port}/list?path=nothing-recorded-{Guid.NewGuid():N}");
        list.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await list.Content.ReadAsStringAsync()).Should().Contain("no recordings found");
        foreach (var s in servers)
        {
            await s.StopAsync(CancellationToken.None);
        }
    }
}
