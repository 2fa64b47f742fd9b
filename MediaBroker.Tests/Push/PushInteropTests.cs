using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using MediaBroker.Tests.Record;
using Xunit;
using static MediaBroker.Tests.Push.PushTestBroker;

namespace MediaBroker.Tests.Push;

/// <summary>
/// Pushes in the real executable, fed by ffmpeg over RTMP: file pushes started through the REST API decode with ffprobe
/// while being written and after they stop; MistServer's command API starts, lists and stops them; an auto-push rule
/// starts one when the path becomes ready and is saved to the file with apiPersistConfig; unknown commands and missing
/// credentials are refused.
/// </summary>
public sealed class PushInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [RequiresFfmpegFact]
    public async Task FilePushes_DecodeWhileWritten_AndAfterStop()
    {
        await using var broker = await BrokerProcess.StartAsync(Yaml("metrics: yes\n"));
        using var api = await ApiAsync(broker);
        await using var publisher = await PublishAsync(broker, "cam");
        var dir = Path.Combine(broker.Directory, "out");

        var ids = new Dictionary<string, int>();
        foreach (var ext in new[] { "ts", "flv", "mp4" })
        {
            var push = await PostAsync(api, "/v3/pushes/start", new JsonObject { ["path"] = "cam", ["target"] = $"{dir}/$stream/$year-push.{ext}" });
            push["path"]!.GetValue<string>().Should().Be("cam");
            push["protocol"]!.GetValue<string>().Should().Be("file");
            push["resolvedTarget"]!.GetValue<string>().Should().Be($"{dir}/cam/{DateTime.UtcNow.Year}-push.{ext}", "variables are substituted");
            ids[ext] = push["id"]!.GetValue<int>();
        }

        foreach (var (ext, id) in ids)
        {
            var file = $"{dir}/cam/{DateTime.UtcNow.Year}-push.{ext}";
            await RecordFiles.WaitUntilAsync(() => File.Exists(file) && new FileInfo(file).Length > 150_000, Timeout, file + " growing");
            var live = await RecordFiles.ProbeAsync(file);
            live.Codecs.Should().BeEquivalentTo(["h264", "aac"], "{0} decodes while written: {1}", ext, live.Output);
            live.Frames.Should().BeGreaterThan(10, ext);
            var item = await GetAsync(api, $"/v3/pushes/get/{id}");
            item["state"]!.GetValue<string>().Should().Be("forwarding");
            item["outboundBytes"]!.GetValue<long>().Should().BeGreaterThan(0);
        }

        var list = await GetAsync(api, "/v3/pushes/list");
        list["itemCount"]!.GetValue<int>().Should().Be(3);

        var metricsPort = (await broker.ListenerAsync("metrics")).Port;
        using var metricsClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}"), Timeout = api.Timeout };
        metricsClient.DefaultRequestHeaders.Authorization = api.DefaultRequestHeaders.Authorization;
        var metrics = await metricsClient.GetStringAsync("/metrics");
        foreach (var id in ids.Values)
        {
            metrics.Should().Contain($"pushes{{id=\"{id}\",path=\"cam\",protocol=\"file\",state=\"forwarding\"}} 1");
            metrics.Should().MatchRegex($"pushes_outbound_bytes\\{{id=\"{id}\",[^}}]*\\}} [1-9]");
        }

        foreach (var (ext, id) in ids)
        {
            (await PostAsync(api, $"/v3/pushes/stop/{id}", null))["status"]!.GetValue<string>().Should().Be("ok");
            var file = $"{dir}/cam/{DateTime.UtcNow.Year}-push.{ext}";
            var done = await RecordFiles.ProbeAsync(file);
            done.Codecs.Should().BeEquivalentTo(["h264", "aac"], "{0} after stop: {1}", ext, done.Output);
            done.Frames.Should().BeGreaterThan(25, ext);
            done.Duration.Should().BeGreaterThan(1, ext);
        }

        (await GetAsync(api, "/v3/pushes/list"))["itemCount"]!.GetValue<int>().Should().Be(0, "stopped pushes leave the list");
        (await api.GetAsync("/v3/pushes/get/" + ids["ts"])).StatusCode.Should().Be(HttpStatusCode.NotFound);
        publisher.HasExited.Should().BeFalse("pushes never disturb the publisher");
    }

    [RequiresFfmpegFact]
    public async Task FilePushes_WithATimeWindow_StartAndStopOnTheirOwn()
    {
        await using var broker = await BrokerProcess.StartAsync(Yaml());
        using var api = await ApiAsync(broker);
        await using var publisher = await PublishAsync(broker, "cam");
        var dir = Path.Combine(broker.Directory, "window");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        // MPEG-TS from 2 s to 5 s from now; FLV from now until 3 s from now.
        var ts = $"{dir}/later.ts";
        var flv = $"{dir}/now.flv";
        await PostAsync(api, "/v3/pushes/start", new JsonObject { ["path"] = "cam", ["target"] = $"{ts}?recstartunix={now + 2}&recstopunix={now + 5}" });
        await PostAsync(api, "/v3/pushes/start", new JsonObject { ["path"] = "cam", ["target"] = $"{flv}?recstopunix={now + 3}" });
        (await GetAsync(api, "/v3/pushes/list"))["itemCount"]!.GetValue<int>().Should().Be(2);
        if (DateTimeOffset.UtcNow.ToUnixTimeSeconds() < now + 2)
        {
            (File.Exists(ts) ? new FileInfo(ts).Length : 0).Should().Be(0, "nothing is written before recstartunix");
        }

        // Both end by themselves at their stop time and leave the list; the publisher goes on.
        var deadline = DateTime.UtcNow + Timeout;
        while ((await GetAsync(api, "/v3/pushes/list"))["itemCount"]!.GetValue<int>() != 0)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the pushes end at their stop time");
            await Task.Delay(200);
        }
        foreach (var (file, longest) in new[] { (ts, 3.6), (flv, 3.6) })
        {
            var probe = await RecordFiles.ProbeAsync(file);
            probe.Codecs.Should().BeEquivalentTo(["h264", "aac"], probe.Output);
            probe.Duration.Should().BeInRange(1.0, longest, "{0} holds the window only: {1}", file, probe.Output);
        }

        publisher.HasExited.Should().BeFalse();
    }

    [RequiresFfmpegFact]
    public async Task MistCommandApi_PushStartListStop_RoundTrip()
    {
        await using var broker = await BrokerProcess.StartAsync(Yaml());
        using var api = await ApiAsync(broker);
        await using var publisher = await PublishAsync(broker, "cam");
        var target = Path.Combine(broker.Directory, "mist", "$stream.ts");
        var file = Path.Combine(broker.Directory, "mist", "cam.ts");

        var started = await MistAsync(api, new JsonObject { ["push_start"] = new JsonArray("cam", target) });
        started["authorize"]!["status"]!.GetValue<string>().Should().Be("OK");
        started.ContainsKey("push_start").Should().BeFalse("push_start has no answer when it works: {0}", started.ToJsonString());

        // The GET form: ?command=<url-encoded JSON>.
        var listed = await MistGetAsync(api, """{"push_list":true,"active_streams":["clients","lastms"]}""");
        var entry = listed["push_list"]!.AsArray().Should().ContainSingle().Subject!.AsArray();
        entry[1]!.GetValue<string>().Should().Be("cam");
        entry[2]!.GetValue<string>().Should().Be(target);
        entry[3]!.GetValue<string>().Should().Be(file);
        listed["active_streams"]!["cam"]!.AsArray().Should().HaveCount(2);
        // What `curl -d '{...}'` sends (raw JSON labelled as a form), and a real form with the `command` field.
        foreach (var form in new[] { """{"push_list":true}""", "command=" + Uri.EscapeDataString("""{"push_list":true}""") })
        {
            (await MistFormAsync(api, form))["push_list"]!.AsArray().Should().ContainSingle("the form body {0} is a push_list", form);
        }

        (await MistAsync(api, new JsonObject { ["active_streams"] = true }))["active_streams"]!.AsArray()
            .Select(n => n!.GetValue<string>()).Should().Equal("cam");

        await RecordFiles.WaitUntilAsync(() => File.Exists(file) && new FileInfo(file).Length > 100_000, Timeout, "the pushed file");
        var id = entry[0]!.GetValue<int>();
        var stopped = await MistAsync(api, new JsonObject { ["push_stop"] = new JsonArray(id), ["push_list"] = true, ["stream_kill"] = "cam" });
        stopped.ContainsKey("push_stop").Should().BeFalse(stopped.ToJsonString());
        stopped["push_list"]!.AsArray().Should().BeEmpty();
        stopped["stream_kill"]!["error"]!.GetValue<string>().Should().Contain("unsupported command 'stream_kill'").And.Contain("push_start");
        (await MistAsync(api, new JsonObject { ["push_stop"] = id }))["push_stop"]!["error"]!.GetValue<string>().Should().Contain("no such push");
        (await MistAsync(api, new JsonObject { ["push_start"] = new JsonArray("nothere", target) }))["push_start"]!["error"]!
            .GetValue<string>().Should().Contain("nothere");
        (await MistAsync(api, new JsonObject { ["push_start"] = new JsonArray("cam", "/x/y.avi") }))["push_start"]!["error"]!
            .GetValue<string>().Should().Contain("unsupported file target 'y.avi'");

        var probe = await RecordFiles.ProbeAsync(file);
        probe.Codecs.Should().BeEquivalentTo(["h264", "aac"], probe.Output);
        probe.Duration.Should().BeGreaterThan(0.5);

        // Without credentials: 401 on both APIs.
        using var anonymous = new HttpClient { BaseAddress = api.BaseAddress, Timeout = api.Timeout };
        (await anonymous.PostAsync("/api", new StringContent("""{"push_list":true}""", Encoding.UTF8, "application/json"))).StatusCode
            .Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/v3/pushes/list")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [RequiresFfmpegFact]
    public async Task AutoPush_StartsWhenThePathBecomesReady_AndIsPersisted()
    {
        await using var broker = await BrokerProcess.StartAsync(Yaml("apiPersistConfig: yes\n"));
        using var api = await ApiAsync(broker);
        var target = Path.Combine(broker.Directory, "auto", "$stream.flv");
        (await PostAsync(api, "/v3/autopushes/add", new JsonObject { ["path"] = "live+", ["target"] = target }))["status"]!
            .GetValue<string>().Should().Be("ok");
        (await MistAsync(api, new JsonObject { ["push_auto_add"] = new JsonObject { ["stream"] = "cam", ["target"] = target } }))
            .ContainsKey("push_auto_add").Should().BeFalse();
        // Each change is written to the file, and the file watcher reloads it: the last write wins, so poll until it settled.
        await EventuallyAsync(async () => string.Join(",", (await MistAsync(api, new JsonObject { ["push_auto_list"] = true }))["push_auto_list"]!
            .AsArray().Select(r => string.Join("|", r!.AsArray().Select(n => n!.GetValue<string>())))) == $"live+|{target},cam|{target}", "both rules listed");
        (await File.ReadAllTextAsync(broker.ConfigPath)).Should().Contain("autoPushes").And.Contain("live+");
        (await PostAsync(api, "/v3/autopushes/add", new JsonObject { ["path"] = "x", ["target"] = "/a/b.avi" }, HttpStatusCode.BadRequest))
            ["error"]!.GetValue<string>().Should().Contain(".avi");

        await using var publisher = await PublishAsync(broker, "live/one");
        var file = Path.Combine(broker.Directory, "auto", "live/one.flv");
        await RecordFiles.WaitUntilAsync(() => File.Exists(file) && new FileInfo(file).Length > 100_000, Timeout, "the auto-pushed file");
        var push = (await GetAsync(api, "/v3/pushes/list"))["items"]!.AsArray().Should().ContainSingle().Subject!;
        push["auto"]!.GetValue<bool>().Should().BeTrue();
        push["path"]!.GetValue<string>().Should().Be("live/one");
        var probe = await RecordFiles.ProbeAsync(file);
        probe.Codecs.Should().BeEquivalentTo(["h264", "aac"], probe.Output);

        // Removing the rules (MistServer's by-name form, then ours) leaves the running push alone.
        (await MistAsync(api, new JsonObject { ["push_auto_remove"] = "cam" })).ContainsKey("push_auto_remove").Should().BeFalse();
        (await PostAsync(api, "/v3/autopushes/remove", new JsonObject { ["path"] = "live+", ["target"] = target }))["status"]!
            .GetValue<string>().Should().Be("ok");
        await EventuallyAsync(async () => (await GetAsync(api, "/v3/autopushes/list"))["itemCount"]!.GetValue<int>() == 0, "no rules left");
        (await GetAsync(api, "/v3/pushes/list"))["itemCount"]!.GetValue<int>().Should().Be(1);
        (await File.ReadAllTextAsync(broker.ConfigPath)).Should().NotContain("live+");
    }

    [RequiresFfmpegFact]
    public async Task FilePush_UnwritableTarget_EndsWithTheReason_PublisherUnaffected()
    {
        await using var broker = await BrokerProcess.StartAsync(Yaml());
        using var api = await ApiAsync(broker);
        await using var publisher = await PublishAsync(broker, "cam");
        await PostAsync(api, "/v3/pushes/start", new JsonObject { ["path"] = "cam", ["target"] = "/proc/mediabroker-push/x.ts" });
        await broker.Process.WaitForLineAsync(l => l.Contains("the file push failed", StringComparison.Ordinal), Timeout);
        await EventuallyAsync(async () => (await GetAsync(api, "/v3/pushes/list"))["itemCount"]!.GetValue<int>() == 0, "the failed push to leave the list");
        publisher.HasExited.Should().BeFalse("a failed push never disturbs the publisher");
        var rtmp = await broker.ListenerAsync("RTMP");
        var streams = await MediaTools.ProbeWhenReadyAsync($"rtmp://127.0.0.1:{rtmp.Port}/cam", Timeout, 1);
        streams.Should().Contain(s => s.Codec == "h264" && s.Frames > 0);
    }

    [RequiresFfmpegFact]
    public async Task MistPushStart_ToRtmp_OnASecondBroker_PlaysThere()
    {
        await using var destination = await BrokerProcess.StartAsync(Yaml());
        var destRtmp = (await destination.ListenerAsync("RTMP")).Port;
        await using var broker = await BrokerProcess.StartAsync(Yaml());
        using var api = await ApiAsync(broker);
        await using var publisher = await PublishAsync(broker, "cam");

        var answer = await MistAsync(api, new JsonObject
        {
            ["push_start"] = new JsonObject { ["stream"] = "cam", ["target"] = $"rtmp://127.0.0.1:{destRtmp}/pushed/$stream" },
        });
        answer.ContainsKey("push_start").Should().BeFalse(answer.ToJsonString());
        await destination.Process.WaitForLineAsync(l => l.Contains("[path pushed/cam] stream is ready", StringComparison.Ordinal), Timeout);
        var streams = await MediaTools.ProbeWhenReadyAsync($"rtmp://127.0.0.1:{destRtmp}/pushed/cam", Timeout, 3);
        streams.Should().Contain(s => s.Codec == "h264" && s.Frames > 0);
        streams.Should().Contain(s => s.Codec == "aac" && s.Frames > 0);

        var push = (await GetAsync(api, "/v3/pushes/list"))["items"]!.AsArray().Should().ContainSingle().Subject!;
        push["protocol"]!.GetValue<string>().Should().Be("rtmp");
        push["state"]!.GetValue<string>().Should().Be("forwarding");
        push["resolvedTarget"]!.GetValue<string>().Should().Be($"rtmp://127.0.0.1:{destRtmp}/pushed/cam");
        await EventuallyAsync(async () => (await GetAsync(api, "/v3/pushes/list"))["items"]![0]!["outboundBytes"]!.GetValue<long>() > 100_000, "bytes sent");

        (await MistAsync(api, new JsonObject { ["push_stop"] = push["id"]!.GetValue<int>() })).ContainsKey("push_stop").Should().BeFalse();
        await destination.Process.WaitForLineAsync(l => l.Contains("[path pushed/cam] stream is not ready", StringComparison.Ordinal), Timeout);
        (await GetAsync(api, "/v3/pushes/list"))["itemCount"]!.GetValue<int>().Should().Be(0);
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("timed out waiting for " + what);
            }

            await Task.Delay(100);
        }
    }

    private static Task<JsonObject> MistAsync(HttpClient api, JsonObject command) => PostAsync(api, "/api", command);

    private static Task<JsonObject> MistFormAsync(HttpClient api, string body) =>
        PostTextAsync(api, "/api", body, "application/x-www-form-urlencoded");

    private static Task<JsonObject> MistGetAsync(HttpClient api, string command) => GetAsync(api, "/api?command=" + Uri.EscapeDataString(command));
}
