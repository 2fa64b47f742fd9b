using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Metrics;
using MediaBroker.Triggers;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Triggers;

/// <summary>The dispatcher against real handlers: an HTTP server in the test and shell scripts in a temp directory.</summary>
public sealed class TriggerDispatcherTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mb-triggers-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly TriggerMetrics _metrics = new();
    private readonly TriggerHandlerRunner _runner = new();

    public TriggerDispatcherTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        _runner.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task DecideAsync_HttpHandler_GetsNameHeaderAndPayload_AnswerDecides()
    {
        await using var server = TriggerTestServer.Start((_, payload) => payload.StartsWith("good", StringComparison.Ordinal) ? "true" : "no");
        await using var d = Dispatcher(new TriggerConf { Trigger = "STREAM_PUSH", Handler = server.Url, Sync = true });

        (await d.DecideAsync("STREAM_PUSH", "good", "good\n127.0.0.1\nrtmp\nrtmp://x/good", default)).Should().BeTrue();
        (await d.DecideAsync("STREAM_PUSH", "bad", "bad\n127.0.0.1", default)).Should().BeFalse();

        server.Calls.Select(c => c.Trigger).Should().Equal("STREAM_PUSH", "STREAM_PUSH");
        server.Calls.First().Payload.Should().Be("good\n127.0.0.1\nrtmp\nrtmp://x/good");
        _metrics.Get("STREAM_PUSH").Fired.Should().Be(2);
        _metrics.Get("STREAM_PUSH").Failures.Should().Be(0);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("", false)]
    public async Task DecideAsync_HandlerNeverAnswers_TimeoutAppliesTheDefault(string @default, bool expected)
    {
        await using var server = TriggerTestServer.Start((_, _) => null);
        await using var d = Dispatcher(new TriggerConf { Trigger = "USER_NEW", Handler = server.Url, Sync = true, Default = @default },
            TimeSpan.FromMilliseconds(500));

        var started = DateTime.UtcNow;
        (await d.DecideAsync("USER_NEW", "cam", "cam", default).AsTask().WaitAsync(Timeout)).Should().Be(expected);
        (DateTime.UtcNow - started).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(450));
        _metrics.Get("USER_NEW").Failures.Should().Be(1);
    }

    [Fact]
    public async Task DecideAsync_Executable_TriggerNameIsTheArgument_PayloadOnStdin_AnswerOnStdout()
    {
        var seen = Path.Combine(_dir, "seen");
        var script = Script("handler.sh", $"printf '%s|' \"$1\" > {seen}; cat >> {seen}; printf cont");
        await using var d = Dispatcher(new TriggerConf { Trigger = "CONN_PLAY", Handler = script, Sync = true });

        (await d.DecideAsync("CONN_PLAY", "cam", "cam\n10.0.0.1\nrtsp\nrtsp://h/cam", default)).Should().BeTrue();
        (await File.ReadAllTextAsync(seen)).Should().Be("CONN_PLAY|cam\n10.0.0.1\nrtsp\nrtsp://h/cam");
    }

    [Fact]
    public async Task DecideAsync_ExecutableFailsOrCannotStart_DefaultApplies()
    {
        var failing = Script("fail.sh", "printf true; exit 3");
        await using var d = Dispatcher(
            new TriggerConf { Trigger = "CONN_OPEN", Handler = failing, Sync = true, Default = "no" },
            new TriggerConf { Trigger = "USER_NEW", Handler = Path.Combine(_dir, "missing"), Sync = true, Default = "1" });

        (await d.DecideAsync("CONN_OPEN", "cam", "x", default)).Should().BeFalse("exit code 3 is a failure, so the default 'no' applies");
        (await d.DecideAsync("USER_NEW", "cam", "x", default)).Should().BeTrue("a handler that cannot start gives the default '1'");
        _metrics.Get("CONN_OPEN").Failures.Should().Be(1);
        _metrics.Get("USER_NEW").Failures.Should().Be(1);
    }

    [Fact]
    public async Task DecideAsync_StreamsListAndTriggerName_SelectTheItems()
    {
        await using var server = TriggerTestServer.Start((_, _) => "false");
        await using var d = Dispatcher(new TriggerConf { Trigger = "STREAM_PUSH", Handler = server.Url, Sync = true, Streams = ["cam1"] });

        (await d.DecideAsync("STREAM_PUSH", "cam2", "cam2", default)).Should().BeTrue("the item is for cam1 only");
        (await d.DecideAsync("USER_NEW", "cam1", "cam1", default)).Should().BeTrue("no item for USER_NEW");
        (await d.DecideAsync("STREAM_PUSH", "cam1", "cam1", default)).Should().BeFalse();
        server.Calls.Should().ContainSingle();
        d.IsConfigured("STREAM_PUSH", "cam2").Should().BeFalse();
        d.IsConfigured("STREAM_PUSH", "cam1").Should().BeTrue();
    }

    [Fact]
    public async Task Fire_NonBlocking_RunsInBackground_ExecutableGetsNoStdout()
    {
        var seen = Path.Combine(_dir, "seen");
        // Writing to a closed stdout fails; the script records whether it could.
        var script = Script("notify.sh", $"cat > {seen}.tmp; if (printf x) 2>/dev/null; then echo open >> {seen}.tmp; else echo closed >> {seen}.tmp; fi; mv {seen}.tmp {seen}");
        await using var d = Dispatcher(new TriggerConf { Trigger = "STREAM_END", Handler = script });

        d.Fire("STREAM_END", "cam", "cam\n1\n0\n1\n1\n1\n5");
        await d.DrainAsync(Timeout);
        await WaitForFileAsync(seen);
        (await File.ReadAllTextAsync(seen)).Should().Be("cam\n1\n0\n1\n1\n1\n5closed\n");
    }

    [Fact]
    public async Task RewriteAsync_ItemsRunInTurn_EmptyAnswerRefuses()
    {
        await using var server = TriggerTestServer.Start((_, payload) => payload.Split('\n')[2] switch
        {
            "key123" => "live/renamed\n",
            "live/renamed" => " live/final ",
            _ => "",
        });
        var item = new TriggerConf { Trigger = "PUSH_REWRITE", Handler = server.Url, Sync = true };
        await using var d = Dispatcher(item, item);

        (await d.RewriteAsync("PUSH_REWRITE", null, "key123", n => $"url\nip\n{n}", default)).Should().Be("live/final");
        (await d.RewriteAsync("PUSH_REWRITE", null, "unknown", n => $"url\nip\n{n}", default)).Should().BeEmpty();
    }

    [Fact]
    public async Task PushEvents_PushOutStart_RewritesOrCancels_PushEndNotifies()
    {
        await using var server = TriggerTestServer.Start((trigger, payload) => trigger == "PUSH_OUT_START"
            ? payload.Split('\n')[0] == "cam" ? "rtmp://other/live/cam" : ""
            : "");
        await using var d = Dispatcher(
            new TriggerConf { Trigger = "PUSH_OUT_START", Handler = server.Url, Sync = true, Streams = ["cam", "blocked"] },
            new TriggerConf { Trigger = "PUSH_END", Handler = server.Url });
        var events = new TriggerPushEvents(d, NullLogger<TriggerPushEvents>.Instance);

        (await events.PushStartingAsync("cam", "rtmp://youtube/live2/key", default)).Should().Be("rtmp://other/live/cam");
        (await events.PushStartingAsync("blocked", "rtmp://youtube/live2/key", default)).Should().BeEmpty("an empty answer cancels the push");
        (await events.PushStartingAsync("elsewhere", "srt://x:1", default)).Should().Be("srt://x:1", "no item applies to this path");
        server.Payloads("PUSH_OUT_START")[0].Should().Equal("cam", "rtmp://youtube/live2/key");

        events.PushEnded("cam", "rtmp://x/live/cam", "rtmp://other/live/cam", "connection refused");
        var end = await server.WaitForAsync("PUSH_END", _ => true, Timeout);
        end.Should().Equal("1", "cam", "rtmp://x/live/cam", "rtmp://other/live/cam", "[\"connection refused\"]",
            "{\"state\":\"error\",\"error\":\"connection refused\"}");
    }

    [Fact]
    public async Task Metrics_PerTriggerCountsFailuresAndDurations()
    {
        await using var server = TriggerTestServer.Start((_, _) => "1");
        await using var d = Dispatcher(new TriggerConf { Trigger = "STREAM_PUSH", Handler = server.Url, Sync = true });
        await d.DecideAsync("STREAM_PUSH", "cam", "cam", default);

        var writer = new MetricsWriter(new MetricsQuery());
        _metrics.Write(writer);
        var text = writer.ToString();
        text.Should().Contain("triggers_fired_total{name=\"STREAM_PUSH\"} 1\n");
        text.Should().Contain("triggers_failures_total{name=\"STREAM_PUSH\"} 0\n");
        text.Should().MatchRegex("triggers_duration_seconds_sum\\{name=\"STREAM_PUSH\"\\} [0-9.e-]+\n");

        var other = new MetricsWriter(new MetricsQuery("rtmp_conns"));
        _metrics.Write(other);
        other.ToString().Should().BeEmpty();
    }

    private TriggerDispatcher Dispatcher(params TriggerConf[] items) => Dispatcher(items, TimeSpan.FromSeconds(5));

    private TriggerDispatcher Dispatcher(TriggerConf item, TimeSpan timeout) => Dispatcher([item], timeout);

    private TriggerDispatcher Dispatcher(TriggerConf[] items, TimeSpan timeout)
    {
        var conf = new BrokerConf { Triggers = [.. items], TriggersTimeout = timeout };
        return new TriggerDispatcher(() => conf, _runner, _metrics, NullLogger<TriggerDispatcher>.Instance);
    }

    private string Script(string name, string body)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    private static async Task WaitForFileAsync(string path)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!File.Exists(path))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "{0} should be written", path);
            await Task.Delay(50);
        }
    }
}
