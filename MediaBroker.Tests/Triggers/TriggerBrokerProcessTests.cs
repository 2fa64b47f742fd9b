using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Triggers;

/// <summary>
/// The triggers in the real broker, with real clients: an HTTP trigger server in the test, and a shell script handler.
/// </summary>
public sealed class TriggerBrokerProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [RequiresFfmpegFact]
    public async Task HttpHandler_DeniesAPublish_RenamesAnother_DeniesOneViewerOnly_PayloadsFollowTheManual()
    {
        await using var server = TriggerTestServer.Start((trigger, payload) =>
        {
            var lines = payload.Split('\n');
            return trigger switch
            {
                "STREAM_PUSH" => lines[0] == "live/denied" ? "false" : "true",
                "PUSH_REWRITE" => lines[2] == "live/key123" ? "live/renamed" : lines[2],
                "USER_NEW" => lines[4].Contains("viewer=bad", StringComparison.Ordinal) ? "no" : "yes",
                "CONN_PLAY" => "cont",
                _ => "",
            };
        });
        var yaml = BrokerProcess.LoopbackListeners + $"""
            triggers:
              - {Item("STREAM_PUSH", server.Url, true)}
              - {Item("PUSH_REWRITE", server.Url, true)}
              - {Item("USER_NEW", server.Url, true)}
              - {Item("CONN_PLAY", server.Url, true)}
              - {Item("CONN_OPEN", server.Url, false)}
              - {Item("STREAM_READY", server.Url, false)}
              - {Item("LIVE_TRACK_LIST", server.Url, false)}
              - {Item("STREAM_END", server.Url, false)}
            paths:
              all_others:
            """;
        await using var broker = await BrokerProcess.StartAsync(yaml);
        var rtmp = (await broker.ListenerAsync("RTMP")).Port;
        var rtsp = (await broker.ListenerAsync("RTSP")).Port;

        // STREAM_PUSH refuses live/denied: ffmpeg's publish fails and the path never becomes readable.
        await using (var denied = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{rtmp}/live/denied", 5))
        {
            (await denied.WaitForExitAsync(Timeout)).Should().NotBe(0);
        }

        var push = await server.WaitForAsync("STREAM_PUSH", l => l[0] == "live/denied", Timeout);
        push.Should().HaveCount(4);
        push[1].Should().Be("127.0.0.1");
        push[2].Should().Be("rtmp");
        push[3].Should().StartWith("rtmp://").And.EndWith("/live/denied");
        await FluentActions.Awaiting(() => MediaTools.ProbeAsync($"rtsp://127.0.0.1:{rtsp}/live/denied", 1))
            .Should().ThrowAsync<InvalidOperationException>();

        // PUSH_REWRITE renames live/key123 to live/renamed: the stream is read there.
        await using var publisher = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{rtmp}/live/key123");
        var streams = await MediaTools.ProbeWhenReadyAsync($"rtsp://127.0.0.1:{rtsp}/live/renamed?viewer=good", Timeout);
        streams.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Frames > 0);
        var rewrite = await server.WaitForAsync("PUSH_REWRITE", l => l.Length == 3 && l[2] == "live/key123", Timeout);
        rewrite.Should().HaveCount(3);
        rewrite[0].Should().StartWith("rtmp://").And.EndWith("/live/key123");
        rewrite[1].Should().Be("127.0.0.1");
        rewrite[2].Should().Be("live/key123");
        (await server.WaitForAsync("STREAM_PUSH", l => l[0] == "live/renamed", Timeout)).Should().HaveCount(4);
        (await server.WaitForAsync("STREAM_READY", _ => true, Timeout)).Should().Equal("live/renamed", "rtmpConn");
        var tracks = await server.WaitForAsync("LIVE_TRACK_LIST", _ => true, Timeout);
        tracks[0].Should().Be("live/renamed");
        tracks[1].Should().Contain("\"codec\":\"H264\"").And.Contain("\"type\":\"audio\"");

        // USER_NEW refuses the viewer whose URL says viewer=bad; the other one was allowed above.
        await FluentActions.Awaiting(() => MediaTools.ProbeAsync($"rtsp://127.0.0.1:{rtsp}/live/renamed?viewer=bad", 1))
            .Should().ThrowAsync<InvalidOperationException>();
        var userNew = await server.WaitForAsync("USER_NEW", l => l[4].Contains("viewer=bad", StringComparison.Ordinal), Timeout);
        userNew.Should().HaveCount(6);
        userNew[0].Should().Be("live/renamed");
        userNew[1].Should().Be("127.0.0.1");
        userNew[2].Should().MatchRegex("^[0-9a-f]{32}$", "RTSP is connection-based: the connection id");
        userNew[3].Should().Be("rtsp");
        userNew[5].Should().MatchRegex("^[0-9a-f]{16}$");
        server.Payloads("CONN_PLAY").Should().Contain(l => l[0] == "live/renamed" && l[2] == "rtsp" && l[3].Contains("viewer=good", StringComparison.Ordinal))
            .And.NotContain(l => l[3].Contains("viewer=bad", StringComparison.Ordinal), "USER_NEW refused that viewer first");
        var open = await server.WaitForAsync("CONN_OPEN", l => l[2] == "rtsp" && l[0] == "live/renamed", Timeout);
        open.Should().HaveCount(4);
        open[0].Should().Be("live/renamed");
        open[1].Should().Be("127.0.0.1");
        open[3].Should().StartWith("rtsp://").And.Contain("/live/renamed");

        // STREAM_END when the publisher leaves: 7 lines, bytes received and the viewer counted.
        await publisher.DisposeAsync();
        var end = await server.WaitForAsync("STREAM_END", _ => true, Timeout);
        end.Should().HaveCount(7);
        end[0].Should().Be("live/renamed");
        long.Parse(end[1], System.Globalization.CultureInfo.InvariantCulture).Should().BePositive();
        int.Parse(end[3], System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(1);
        end[4].Should().Be("1");
    }

    [RequiresFfmpegFact]
    public async Task ScriptHandler_DeniesAPublish_AllowsAnother_ViewerWaitsForTheTimeoutThenTheDefaultApplies()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mb-trigger-script-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        try
        {
            var script = Path.Combine(dir, "handler.sh");
            await File.WriteAllTextAsync(script, $"""
                #!/bin/sh
                payload=$(cat)
                printf '%s\n' "$payload" >> {dir}/$1.log
                case "$1" in
                  STREAM_PUSH) case "$payload" in live/denied*) printf false ;; *) printf true ;; esac ;;
                  USER_NEW) exec sleep 60 ;;
                esac

                """);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            var yaml = BrokerProcess.LoopbackListeners + $"""
                triggersTimeout: 2s
                triggers:
                  - {Item("STREAM_PUSH", script, true)}
                  - {Item("USER_NEW", script, true, "true")}
                paths:
                  all_others:
                """;
            await using var broker = await BrokerProcess.StartAsync(yaml);
            var rtmp = (await broker.ListenerAsync("RTMP")).Port;
            var rtsp = (await broker.ListenerAsync("RTSP")).Port;

            await using (var denied = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{rtmp}/live/denied", 5))
            {
                (await denied.WaitForExitAsync(Timeout)).Should().NotBe(0);
            }

            var pushLog = await File.ReadAllTextAsync(Path.Combine(dir, "STREAM_PUSH.log"));
            pushLog.Should().StartWith("live/denied\n127.0.0.1\nrtmp\nrtmp://");

            // The USER_NEW handler never answers: after triggersTimeout (2 s) the item's default "true" lets the viewer in.
            await using var publisher = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{rtmp}/live/allowed");
            await broker.Process.WaitForLineAsync(l => l.Contains("live/allowed", StringComparison.Ordinal) && l.Contains("ready", StringComparison.Ordinal), Timeout);
            var started = DateTime.UtcNow;
            var streams = await MediaTools.ProbeAsync($"rtsp://127.0.0.1:{rtsp}/live/allowed", 1);
            (DateTime.UtcNow - started).Should().BeGreaterThan(TimeSpan.FromSeconds(1.9));
            streams.Should().Contain(s => s.Codec == "h264" && s.Frames > 0);
            (await File.ReadAllTextAsync(Path.Combine(dir, "USER_NEW.log"))).Should().StartWith("live/allowed\n127.0.0.1\n");
            await broker.Process.WaitForLineAsync(l => l.Contains("USER_NEW", StringComparison.Ordinal) && l.Contains("no answer within 2s", StringComparison.Ordinal), Timeout);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [RequiresFfmpegFact]
    public async Task HttpHandler_RewritesAForwardTarget_PushEndAndRecordingEndReportWhatHappened()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mb-trigger-push-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        int rtmp = 0;
        try
        {
            // The configured destination is a closed port; PUSH_OUT_START sends the forward to this broker's own RTMP listener.
            await using var server = TriggerTestServer.Start((trigger, payload) => trigger == "PUSH_OUT_START"
                ? payload.Split('\n')[1].EndsWith("/live/original", StringComparison.Ordinal) ? $"rtmp://127.0.0.1:{Volatile.Read(ref rtmp)}/live/rewritten" : ""
                : "");
            var yaml = BrokerProcess.LoopbackListeners + $"""
                triggers:
                  - {Item("PUSH_OUT_START", server.Url, true)}
                  - {Item("PUSH_END", server.Url, false)}
                  - {Item("RECORDING_END", server.Url, false)}
                paths:
                  live/cam:
                    record: yes
                    recordPath: {dir}/%path/%s
                    forward:
                    - dest: rtmp://127.0.0.1:9/live/original
                  all_others:
                """;
            await using var broker = await BrokerProcess.StartAsync(yaml);
            Volatile.Write(ref rtmp, (await broker.ListenerAsync("RTMP")).Port);
            var rtsp = (await broker.ListenerAsync("RTSP")).Port;

            await using (var publisher = MediaTools.PublishH264Aac("flv", $"rtmp://127.0.0.1:{rtmp}/live/cam"))
            {
                var streams = await MediaTools.ProbeWhenReadyAsync($"rtsp://127.0.0.1:{rtsp}/live/rewritten", Timeout);
                streams.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Frames > 0);
                var start = await server.WaitForAsync("PUSH_OUT_START", _ => true, Timeout);
                start.Should().Equal("live/cam", "rtmp://127.0.0.1:9/live/original");
            }

            // The publisher left: the forward ends (PUSH_END: target as configured and as used), the segment is finished.
            var end = await server.WaitForAsync("PUSH_END", l => l.Length > 1 && l[1] == "live/cam", Timeout);
            end.Should().HaveCount(6);
            end[2].Should().Be("rtmp://127.0.0.1:9/live/original");
            end[3].Should().Be($"rtmp://127.0.0.1:{rtmp}/live/rewritten");
            end[5].Should().Contain("\"state\"");
            var recording = await server.WaitForAsync("RECORDING_END", l => l[0] == "live/cam", Timeout);
            recording.Should().HaveCount(10);
            File.Exists(recording[1]).Should().BeTrue(recording[1]);
            recording[1].Should().StartWith(Path.Combine(dir, "live", "cam"));
            recording[2].Should().Be("fmp4");
            long.Parse(recording[3], System.Globalization.CultureInfo.InvariantCulture).Should().Be(new FileInfo(recording[1]).Length);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Item(string trigger, string handler, bool sync, string @default = "") =>
        $"{{trigger: {trigger}, handler: '{handler}', sync: {(sync ? "yes" : "no")}, default: '{@default}'}}";
}
