using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using MediaBroker.Logging;
using Microsoft.Extensions.Logging;
using Xunit;

namespace MediaBroker.Tests.Logging;

public sealed partial class BrokerLoggerProviderTests : IDisposable
{
    private const string RtspCategory = "MediaBroker.Protocols.Rtsp.RtspSession";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly string _dir = Directory.CreateTempSubdirectory("mblog").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [LoggerMessage(EventId = 3999, Level = LogLevel.Information, Message = "reader {Reader} joined path {Path} after {Ms} ms")]
    private static partial void ReaderJoined(ILogger logger, string reader, string path, int ms);

    private static BrokerLoggerProvider Provider(StringWriter stdout, string level = "info", bool structured = false) =>
        new(new LogOptions { Level = level, Structured = structured }, new FixedClock(), stdout);

    private static async Task<string[]> LinesAsync(BrokerLoggerProvider provider, StringWriter stdout)
    {
        await provider.FlushAsync().WaitAsync(Timeout);
        return stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Log_TextLine_MediaMtxFormatWithComponentAndSessionTags()
    {
        using var stdout = new StringWriter();
        await using var provider = Provider(stdout);
        var logger = provider.CreateLogger(RtspCategory);
        using (logger.BeginScope(LogScope.Session("conn 127.0.0.1:5000")))
        {
            ReaderJoined(logger, "r1", "cam", 12);
        }

        ReaderJoined(logger, "r2", "cam", 3);
        (await LinesAsync(provider, stdout)).Should().Equal(
            "2026/11/22 01:07:17 INF [RTSP] [conn 127.0.0.1:5000] reader r1 joined path cam after 12 ms",
            "2026/11/22 01:07:17 INF [RTSP] reader r2 joined path cam after 3 ms");
    }

    [Fact]
    public async Task Log_EveryLevel_HasMediaMtxTag()
    {
        using var stdout = new StringWriter();
        await using var provider = Provider(stdout, "trace");
        var logger = provider.CreateLogger("MediaBroker.Core.PathManager");
        foreach (var level in new[] { LogLevel.Critical, LogLevel.Error, LogLevel.Warning, LogLevel.Information, LogLevel.Debug, LogLevel.Trace })
        {
            logger.Log(level, "m");
        }

        (await LinesAsync(provider, stdout)).Select(l => l[20..]).Should().Equal("ERR m", "ERR m", "WAR m", "INF m", "DEB m", "DEB m");
    }

    [Theory]
    [InlineData("error", "ERR")]
    [InlineData("warn", "ERR,WAR")]
    [InlineData("info", "ERR,WAR,INF")]
    [InlineData("debug", "ERR,WAR,INF,DEB")]
    [InlineData("trace", "ERR,WAR,INF,DEB,DEB")]
    public async Task Log_LevelFilter_DropsLowerLevels(string level, string expected)
    {
        using var stdout = new StringWriter();
        await using var provider = Provider(stdout, level);
        var logger = provider.CreateLogger("MediaBroker.Core.X");
        foreach (var l in new[] { LogLevel.Error, LogLevel.Warning, LogLevel.Information, LogLevel.Debug, LogLevel.Trace })
        {
            logger.Log(l, "m");
        }

        logger.IsEnabled(LogLevel.None).Should().BeFalse();
        string.Join(",", (await LinesAsync(provider, stdout)).Select(l => l[20..23])).Should().Be(expected);
    }

    [Fact]
    public async Task Log_FrameworkCategory_OnlyWarningsAndAbove()
    {
        using var stdout = new StringWriter();
        await using var provider = Provider(stdout, "debug");
        var logger = provider.CreateLogger("Microsoft.AspNetCore.Server.Kestrel");
        logger.LogInformation("listening");
        logger.LogWarning("careful");
        (await LinesAsync(provider, stdout)).Should().Equal("2026/11/22 01:07:17 WAR careful");
    }

    [Fact]
    public async Task BeginScope_NestedAndComponentOverride_TagsInOrder()
    {
        using var stdout = new StringWriter();
        await using var provider = Provider(stdout);
        var logger = provider.CreateLogger("MediaBroker.Core.MediaPath");
        using (logger.BeginScope(LogScope.Path("cam1")))
        using (logger.BeginScope(new Dictionary<string, object> { ["ignored"] = 1 }))
        using (logger.BeginScope(LogScope.Component("RTSP source")))
        using (logger.BeginScope(LogScope.Session("session 1a2b3c4d")))
        {
            logger.LogInformation("ready");
        }

        logger.LogInformation("plain");
        (await LinesAsync(provider, stdout)).Should().Equal(
            "2026/11/22 01:07:17 INF [RTSP source] [path cam1] [session 1a2b3c4d] ready",
            "2026/11/22 01:07:17 INF plain");
    }

    [Fact]
    public async Task Log_Exception_AppendedAfterLine()
    {
        using var stdout = new StringWriter();
        await using var provider = Provider(stdout);
        provider.CreateLogger("MediaBroker.Api.X").LogError(new InvalidOperationException("boom"), "failed");
        var text = (await LinesAsync(provider, stdout));
        text[0].Should().Be("2026/11/22 01:07:17 ERR [API] failed");
        text[1].Should().Contain("InvalidOperationException: boom");
    }

    [Fact]
    public async Task Log_Structured_JsonLineWithFields()
    {
        using var stdout = new StringWriter();
        await using var provider = Provider(stdout, structured: true);
        var logger = provider.CreateLogger(RtspCategory);
        using (logger.BeginScope(LogScope.Session("conn 1.2.3.4:5")))
        {
            ReaderJoined(logger, "r\"1", "cam/é", 12);
        }

        var line = (await LinesAsync(provider, stdout)).Should().ContainSingle().Subject;
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        root.EnumerateObject().Select(p => p.Name).Should().Equal("timestamp", "level", "message", "category", "eventId", "Reader", "Path", "Ms");
        root.GetProperty("timestamp").GetDateTimeOffset().Should().Be(FixedClock.At);
        root.GetProperty("level").GetString().Should().Be("info");
        root.GetProperty("message").GetString().Should().Be("[RTSP] [conn 1.2.3.4:5] reader r\"1 joined path cam/é after 12 ms");
        root.GetProperty("category").GetString().Should().Be(RtspCategory);
        root.GetProperty("eventId").GetInt32().Should().Be(3999);
        root.GetProperty("Reader").GetString().Should().Be("r\"1");
        root.GetProperty("Path").GetString().Should().Be("cam/é");
        root.GetProperty("Ms").GetInt32().Should().Be(12);
    }

    [Fact]
    public async Task Log_FileDestination_AppendsLinesAndReloadSwitches()
    {
        var file = Path.Combine(_dir, "sub", "broker.log");
        using var stdout = new StringWriter();
        await using var provider = new BrokerLoggerProvider(
            new LogOptions { Destinations = ["file"], File = file }, new FixedClock(), stdout);
        var logger = provider.CreateLogger("MediaBroker.Protocols.Hls.HlsMuxer");
        logger.LogInformation("one");
        await provider.FlushAsync().WaitAsync(Timeout);
        (await File.ReadAllTextAsync(file)).Should().Be("2026/11/22 01:07:17 INF [HLS] one\n");

        provider.Reload(new LogOptions { Destinations = ["stdout", "file"], File = file, Structured = true });
        logger.LogWarning("two");
        await provider.FlushAsync().WaitAsync(Timeout);
        var lines = (await File.ReadAllTextAsync(file)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(2);
        JsonDocument.Parse(lines[1]).RootElement.GetProperty("level").GetString().Should().Be("warn");
        stdout.ToString().Should().Contain("\"message\":\"[HLS] two\"");
    }

    [Fact]
    public async Task Reload_InvalidOptions_ThrowsAndKeepsCurrent()
    {
        using var stdout = new StringWriter();
        await using var provider = Provider(stdout, "warn");
        var bad = () => provider.Reload(new LogOptions { Level = "loud", Destinations = ["stdout", "pigeon"] });
        bad.Should().Throw<ArgumentException>().WithMessage("*logLevel*").WithMessage("*pigeon*");
        var logger = provider.CreateLogger("MediaBroker.Core.X");
        logger.LogInformation("hidden");
        logger.LogWarning("shown");
        (await LinesAsync(provider, stdout)).Should().Equal("2026/11/22 01:07:17 WAR shown");

        provider.Reload(new LogOptions { Level = "debug" });
        logger.LogDebug("now shown");
        (await LinesAsync(provider, stdout)).Should().HaveCount(2);
    }

    [Fact]
    public void Dispose_FlushesQueuedLines()
    {
        using var stdout = new StringWriter();
        var provider = Provider(stdout);
        var logger = provider.CreateLogger("MediaBroker.Core.X");
        for (var i = 0; i < 100; i++)
        {
            logger.LogInformation("line {N}", i);
        }

        provider.Dispose();
        stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(100);
        logger.LogInformation("after dispose is ignored");
    }

    [Fact]
    public async Task Log_QueueFull_DropsAndReportsCount()
    {
        using var stdout = new GatedWriter();
        await using var provider = Provider(stdout);
        var logger = provider.CreateLogger("MediaBroker.Core.X");
        logger.LogInformation("first");

        // The writer is now stuck on "first"; the queue holds at most MaxPending more.
        for (var i = 0; i < BrokerLoggerProvider.MaxPending + 10; i++)
        {
            logger.LogInformation("x");
        }

        stdout.Open();
        var lines = await LinesAsync(provider, stdout);

        // "first" may or may not have left the queue before the burst, so 10 or 11 lines were dropped.
        const string marker = "WAR logging too fast: ";
        var warning = lines.Should().ContainSingle(l => l.Contains(marker, StringComparison.Ordinal)).Subject;
        var dropped = int.Parse(warning[(warning.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        dropped.Should().BeInRange(10, 11);
        (lines.Length - 1 + dropped).Should().Be(BrokerLoggerProvider.MaxPending + 11);
    }

    [Fact]
    public async Task Log_Syslog_Rfc3164Datagram()
    {
        var socketPath = Path.Combine(_dir, "log.sock");
        using var server = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint(socketPath));
        using var stdout = new StringWriter();
        await using var provider = new BrokerLoggerProvider(
            new LogOptions { Destinations = ["syslog"], SysLogPrefix = "mtx", SysLogSocket = socketPath }, new FixedClock(), stdout);
        provider.CreateLogger(RtspCategory).LogWarning("slow reader");

        var buffer = new byte[1024];
        using var cts = new CancellationTokenSource(Timeout);
        var n = await server.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        Encoding.UTF8.GetString(buffer, 0, n).Should().Be($"<28>Nov 22 01:07:17 mtx[{Environment.ProcessId}]: WAR [RTSP] slow reader");
        stdout.ToString().Should().BeEmpty();
    }

    [Fact]
    public async Task Log_SyslogMissing_OneWarningOnStdoutThenSkipped()
    {
        using var stdout = new StringWriter();
        await using var provider = new BrokerLoggerProvider(
            new LogOptions { Destinations = ["syslog"], SysLogSocket = Path.Combine(_dir, "none.sock") }, new FixedClock(), stdout);
        provider.CreateLogger("MediaBroker.Core.X").LogInformation("goes nowhere");
        var lines = await LinesAsync(provider, stdout);
        lines.Should().ContainSingle().Which.Should().StartWith("2026/11/22 01:07:17 WAR syslog is not available");
    }

    [Fact]
    public void Constructor_UnwritableFile_Throws()
    {
        var blocker = Path.Combine(_dir, "afile");
        File.WriteAllText(blocker, "");
        var act = () => new BrokerLoggerProvider(new LogOptions { Destinations = ["file"], File = Path.Combine(blocker, "x.log") });
        act.Should().Throw<IOException>();
    }
}
