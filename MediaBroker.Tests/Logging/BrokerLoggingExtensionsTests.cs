using FluentAssertions;
using MediaBroker.Auth;
using MediaBroker.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace MediaBroker.Tests.Logging;

public sealed class BrokerLoggingExtensionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mblogdi").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task AddBrokerLogging_ThroughFactory_ScopesTagsLevelsAndFlushOnDispose()
    {
        var file = Path.Combine(_dir, "di.log");
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FixedClock());
        services.AddLogging(b => b.AddBrokerLogging(new LogOptions { Level = "debug", Destinations = ["file"], File = file }));
        services.AddBrokerAuth(new AuthOptions());
        await using (var sp = services.BuildServiceProvider())
        {
            sp.GetRequiredService<AuthService>().Should().NotBeNull();
            var logger = sp.GetRequiredService<ILogger<BrokerLoggingExtensionsTests>>();
            var rtsp = sp.GetRequiredService<ILoggerFactory>().CreateLogger("MediaBroker.Protocols.Rtsp.RtspConn");
            using (rtsp.BeginScope(LogScope.Session("conn 1.2.3.4:5")))
            {
                rtsp.LogDebug("setup");
            }

            logger.LogTrace("too detailed");
            sp.GetRequiredService<BrokerLoggerProvider>().Reload(new LogOptions { Level = "trace", Destinations = ["file"], File = file });
            logger.LogTrace("now shown");
        }

        (await File.ReadAllLinesAsync(file)).Should().Equal(
            "2026/11/22 01:07:17 DEB [RTSP] [conn 1.2.3.4:5] setup",
            "2026/11/22 01:07:17 DEB now shown");
    }
}
