using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Hosting;
using MediaBroker.Net;
using MediaBroker.Protocols.Srt;
using MediaBroker.Protocols.Udp;
using MediaBroker.Tests.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace MediaBroker.Tests.Protocols.Srt;

public sealed class SrtServerHostingTests
{
    [Fact]
    public async Task AddSrt_ResolvesServerAndSourceFactories_StartsFromBrokerConf()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IPathAuthorizer, TestPaths.AllowAllAuthorizer>();
        services.AddSingleton(sp => new PathManager(TestPaths.Conf(), sp.GetRequiredService<IPathAuthorizer>(),
            sp.GetRequiredService<ILoggerFactory>(), sp.GetServices<IStaticSourceFactory>()));
        services.AddSrt();
        services.AddUdpSources();
        await using var sp = services.BuildServiceProvider();

        sp.GetServices<IStaticSourceFactory>().Select(f => f.GetType()).Should().BeEquivalentTo([typeof(SrtSourceFactory), typeof(UdpSourceFactory)]);
        var server = sp.GetServices<IBrokerServer>().OfType<SrtServer>().Should().ContainSingle().Subject;
        server.ConfKeys.Should().Contain(["srt", "srtAddress"]);

        await server.StartAsync(new BrokerConf { Srt = false, SrtAddress = "127.0.0.1:0" }, CancellationToken.None);
        server.BoundEndPoint.Should().BeNull("a disabled server does not listen");

        await server.StartAsync(new BrokerConf { SrtAddress = "127.0.0.1:0" }, CancellationToken.None);
        server.BoundEndPoint!.Port.Should().BePositive();
        await server.StopAsync(CancellationToken.None);
        server.BoundEndPoint.Should().BeNull();
    }

    [Fact]
    public async Task MissingLibrary_ServerLogsHintAndStaysOff()
    {
        using var runtime = new SrtRuntime(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, ["libsrt-does-not-exist.so.9"]);
        runtime.IsAvailable.Should().BeFalse();
        runtime.Error.Should().Contain("apt-get install libsrt1.5-openssl");

        using var paths = TestPaths.Manager();
        await using var server = new SrtServer(paths, new TestPaths.AllowAllAuthorizer(), runtime, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        await server.StartAsync(new BrokerConf { SrtAddress = "127.0.0.1:0" }, CancellationToken.None);
        server.BoundEndPoint.Should().BeNull();

        var source = new SrtSourceFactory(runtime).Create("srt://127.0.0.1:9?streamid=read:x");
        source.ApiType.Should().Be("srtSource");
    }
}
