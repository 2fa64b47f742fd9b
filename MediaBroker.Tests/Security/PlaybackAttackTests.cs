using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using FluentAssertions;

namespace MediaBroker.Tests.Security;

/// <summary>
/// The recordings download surface of the real broker (the playback listener's <c>/list</c> and <c>/get</c>) with real
/// recordings on disk, made by the broker from the legitimate ffmpeg publisher: refused without or with wrong
/// credentials (the latter after the failure delay), traversal in <c>path</c>, absurd <c>start</c> and <c>duration</c>
/// values, odd byte ranges, and 40 downloads at once. Every answer is 200, 400, 401 or 404, never a 500, never a file
/// outside the record path; memory stays bounded and the live stream keeps reaching its reader.
/// </summary>
public sealed class PlaybackAttackTests() : BrokerUnderAttackTests(Yaml)
{
    private const string Marker = "marker-playback-6b1e";
    private const int Downloads = 40;

    private const string Yaml = $"""
        # {Marker}
        playback: yes
        authFailureDelayMin: 1s
        authFailureDelayMax: 1s
        authInternalUsers:
        - user: any
          permissions:
          - action: publish
          - action: read
        - user: admin
          pass: {HttpAuthAttackTests.Password}
          permissions:
          - action: playback
        pathDefaults:
          record: yes
          recordPath: ./recordings/%path/%Y-%m-%d_%H-%M-%S-%f
          recordPartDuration: 200ms
          recordSegmentDuration: 1s
        paths:
          all_others:
        """;

    private static readonly string s_admin = AttackHttp.Basic("admin", HttpAuthAttackTests.Password);

    [RequiresFfmpegFact]
    public async Task ListAndGet_NoOrWrongCredentials_401_WrongOnesAfterTheDelay()
    {
        var playback = await Broker.ListenerAsync("playback");
        var (start, _) = await RecordedSpanAsync(playback);
        foreach (var target in new[] { "/list?path=legit", $"/get?path=legit&start={Escape(start)}&duration=1" })
        {
            var none = await AttackHttp.SendAsync(playback, target);
            none.Status.Should().Be(401, target + " without credentials");
            none.Head.Should().Contain("WWW-Authenticate");
            AttackHttp.ShouldLeakNothing(none.Head + none.Body, target, HttpAuthAttackTests.Password);

            foreach (var wrong in new[] { AttackHttp.Basic("admin", "wrong"), AttackHttp.Basic("root", HttpAuthAttackTests.Password) })
            {
                var refused = await AttackHttp.SendAsync(playback, target, headers: wrong);
                refused.Status.Should().Be(401, target + " with wrong credentials");
                refused.Elapsed.Should().BeGreaterThanOrEqualTo(HttpAuthAttackTests.DelayFloor, target + " waits authFailureDelayMin before refusing");
                AttackHttp.ShouldLeakNothing(refused.Head + refused.Body, target, HttpAuthAttackTests.Password);
            }

            var query = await AttackHttp.SendAsync(playback, target + "&user=admin&pass=wrong");
            query.Status.Should().Be(401);
            query.Elapsed.Should().BeGreaterThanOrEqualTo(HttpAuthAttackTests.DelayFloor);
        }
    }

    [RequiresFfmpegFact]
    public async Task TraversalAndAbsurdValues_400Or404_NeverA500_NeverAFileOutsideTheRecordPath()
    {
        var playback = await Broker.ListenerAsync("playback");
        var (start, _) = await RecordedSpanAsync(playback);
        var ok = $"start={Escape(start)}&duration=1";
        var paths = new[]
        {
            "..", "../..", "..%2f..%2f..%2fetc%2fpasswd", "%2fetc%2fpasswd", "legit%2f..%2f..%2fmediabroker.yml", "legit%00",
            "legit%5c..%5c..%5cmediabroker.yml", "%2e%2e%2f%2e%2e", "%c0%ae%c0%ae%2f", "C:%5cWindows", "recordings", "legit%2f..",
            "~", "%25path", new string('a', 4000),
        };
        var targets = paths.SelectMany(p => new[] { $"/list?path={p}", $"/get?path={p}&{ok}" }).Concat(
        [
            // Absurd times and durations: out of range, negative, not numbers, past the calendar's end.
            "/get?path=legit&start=9999-12-31T23:59:59Z&duration=315360000",
            "/get?path=legit&start=9999-12-31T23:59:59.9999999Z&duration=1",
            "/get?path=legit&start=0001-01-01T00:00:00Z&duration=0.0000001",
            "/get?path=legit&start=0001-01-01T00:00:00%2B14:00&duration=1",
            "/get?path=legit&start=2026-13-45T99:99:99Z&duration=1",
            "/get?path=legit&start=-1&duration=1",
            "/get?path=legit&start=99999999999999999999&duration=1",
            $"/get?path=legit&start={Escape(start)}&duration=-5",
            $"/get?path=legit&start={Escape(start)}&duration=0",
            $"/get?path=legit&start={Escape(start)}&duration=1e308",
            $"/get?path=legit&start={Escape(start)}&duration=NaN",
            $"/get?path=legit&start={Escape(start)}&duration=-Infinity",
            $"/get?path=legit&start={Escape(start)}&duration=99999999999999999999",
            $"/get?path=legit&start={Escape(start)}&duration=9999999h",
            $"/get?path=legit&start={Escape(start)}&duration=1&format=..%2f..%2fmediabroker.yml",
            "/list?path=legit&start=9999-12-31T23:59:59Z&end=0001-01-01T00:00:00Z",
            "/list?path=legit&start=garbage",
            "/list?path=legit&end=-1",
        ]);

        foreach (var target in targets)
        {
            var answer = await AttackHttp.SendAsync(playback, target, headers: s_admin);
            answer.Status.Should().BeOneOf([400, 404, 414], target);
            AnswerIsClean(answer, target);
        }
    }

    [RequiresFfmpegFact]
    public async Task OddRangesAndManyConcurrentDownloads_Served_MemoryBounded_LegitReaderWorks()
    {
        var playback = await Broker.ListenerAsync("playback");
        var (start, duration) = await RecordedSpanAsync(playback);
        var get = $"/get?path=legit&start={Escape(start)}&duration={duration.ToString("R", CultureInfo.InvariantCulture)}";

        // The answer does not support ranges (Accept-Ranges: none): odd or huge ones are ignored, never a 500.
        foreach (var range in new[] { "bytes=-1", "bytes=999999999999999999-", "bytes=5-1", "bytes=0-0,1-1,2-2,3-3,4-4,5-5", "bytes=-99999999999999999999", "bytes=a-b" })
        {
            var answer = await AttackHttp.SendAsync(playback, get + "&format=mp4", headers: s_admin + $"Range: {range}\r\n");
            answer.Status.Should().Be(200, range);
            answer.Head.Should().Contain("Accept-Ranges: none");
            AnswerIsClean(answer, range);
        }

        var pid = Broker.Process.Id;
        var before = AttackLoad.RssKb(pid);
        var file = Path.Combine(Broker.Directory, "download.mp4");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("admin:" + HttpAuthAttackTests.Password)));
        var downloads = Enumerable.Range(0, Downloads).Select(async i =>
        {
            var format = i % 2 == 0 ? "mp4" : "fmp4";
            var bytes = await http.GetByteArrayAsync(new Uri($"http://{playback}{get}&format={format}"));
            if (i == 0)
            {
                await File.WriteAllBytesAsync(file, bytes);
            }

            return bytes.Length;
        }).ToArray();
        await AttackLoad.LegitReaderGetsFramesAsync(Broker);
        var sizes = await Task.WhenAll(downloads);

        sizes.Should().AllSatisfy(s => s.Should().BeGreaterThan(10_000, "every download got the recording"));
        var streams = await MediaTools.ProbeAsync(file, 60);
        streams.Should().Contain(s => s.Codec == "h264" && s.Width > 0 && s.Frames > 10, "a download decodes");
        AttackLoad.RssBounded(before, pid, 150, $"{Downloads} concurrent downloads");
        Publisher.HasExited.Should().BeFalse(Publisher.Output);
    }

    private static string Escape(DateTime t) => Uri.EscapeDataString(t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));

    private static void AnswerIsClean(HttpAnswer answer, string target)
    {
        answer.Status.Should().NotBe(500, target);
        (answer.Head + answer.Body).Should().NotContain(Marker, target).And.NotContain("root:x:0:0", target);
        AttackHttp.ShouldLeakNothing(answer.Head + answer.Body, target, HttpAuthAttackTests.Password);
    }

    /// <summary>Waits until the broker has recorded at least 3 s of <c>legit</c>; returns that span.</summary>
    private static async Task<(DateTime Start, double Duration)> RecordedSpanAsync(IPEndPoint playback)
    {
        using var http = new HttpClient { Timeout = AttackHttp.Timeout };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("admin:" + HttpAuthAttackTests.Password)));
        var deadline = Stopwatch.GetTimestamp() + (long)(30 * Stopwatch.Frequency);
        while (true)
        {
            using var list = await http.GetAsync(new Uri($"http://{playback}/list?path=legit"));
            var body = await list.Content.ReadAsStringAsync();
            if (list.StatusCode == HttpStatusCode.OK)
            {
                // Spans as listed (one or several, as the segments line up): 3 s of them from the first one's start.
                var spans = JsonDocument.Parse(body).RootElement.EnumerateArray().ToArray();
                if (spans.Sum(s => s.GetProperty("duration").GetDouble()) >= 3)
                {
                    var start = DateTime.Parse(spans[0].GetProperty("start").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
                    return (start, 3.0);
                }
            }

            Stopwatch.GetTimestamp().Should().BeLessThan(deadline, "the broker records the legitimate stream: " + list.StatusCode + " " + body);
            await Task.Delay(250);
        }
    }
}
