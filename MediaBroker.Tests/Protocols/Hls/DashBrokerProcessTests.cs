using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using FluentAssertions;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Protocols.Hls;

/// <summary>
/// DASH on the HLS listener through the real executable (issue 17): ffmpeg publishes 320x240 H264 + AAC over RTSP, the
/// default low-latency HLS variant makes the fMP4 segments, and ffmpeg's DASH demuxer and dash.js in Chromium read
/// <c>/{path}/manifest.mpd</c>. One broker serves every check of the class.
/// </summary>
public sealed class DashBrokerProcessTests(DashBrokerFixture fx, ITestOutputHelper output) : IClassFixture<DashBrokerFixture>
{
    private static readonly TimeSpan Timeout = DashBrokerFixture.Timeout;
    private static readonly XNamespace Mpd = "urn:mpeg:dash:schema:mpd:2011";

    [RequiresFfmpegFact]
    public async Task Manifest_ReadByFfmpegDashDemuxer_DecodesH264Aac()
    {
        var url = $"http://127.0.0.1:{fx.Hls}/cam/manifest.mpd";
        var streams = await MediaTools.ProbeWhenReadyAsync(url, Timeout, 3, "-f", "dash");
        streams.Should().ContainSingle(s => s.Type == "video", url)
            .Which.Should().Match<ProbedStream>(s => s.Codec == "h264" && s.Width == 320 && s.Height == 240 && s.Frames >= 25,
                $"the DASH stream should carry 320x240 H264 with 25+ frames decoded: {string.Join("; ", streams)}");
        streams.Should().ContainSingle(s => s.Type == "audio", url)
            .Which.Should().Match<ProbedStream>(s => s.Codec == "aac" && s.SampleRate == 44100 && s.Frames >= 25,
                $"the DASH stream should carry 44.1 kHz AAC: {string.Join("; ", streams)}");
    }

    [RequiresFfmpegFact]
    public async Task Manifest_IsDynamicLowLatency_AndItsTimelineMatchesTheSegments()
    {
        using var http = new HttpClient { Timeout = Timeout };
        var mpd = await ManifestWhenReadyAsync(http);
        mpd.Root!.Attribute("type")!.Value.Should().Be("dynamic");
        mpd.Descendants(Mpd + "AdaptationSet").Select(a => a.Attribute("contentType")!.Value).Should().Equal("video", "audio");
        mpd.Descendants(Mpd + "Representation").Select(r => r.Attribute("codecs")!.Value).Should().Satisfy(
            c => c.StartsWith("avc1.", StringComparison.Ordinal), c => c == "mp4a.40.2");
        var template = mpd.Descendants(Mpd + "SegmentTemplate").First();
        template.Attribute("availabilityTimeComplete")!.Value.Should().Be("false", "hlsVariant lowLatency serves segments while they are written");
        double.Parse(template.Attribute("availabilityTimeOffset")!.Value, CultureInfo.InvariantCulture).Should().BePositive();
        var response = await http.GetAsync($"http://127.0.0.1:{fx.Hls}/cam/manifest.mpd");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/dash+xml");
        response.Headers.CacheControl!.NoCache.Should().BeTrue();

        // Each listed segment starts (tfdt of its first track) where the timeline says, in the template's timescale.
        var number = long.Parse(template.Attribute("startNumber")!.Value, CultureInfo.InvariantCulture);
        foreach (var s in template.Descendants(Mpd + "S").Take(3))
        {
            var bytes = await http.GetByteArrayAsync($"http://127.0.0.1:{fx.Hls}/cam/seg{number}_1.m4s");
            FirstDecodeTime(bytes).Should().Be(long.Parse(s.Attribute("t")!.Value, CultureInfo.InvariantCulture), $"segment {number}");
            number++;
        }
    }

    [RequiresFfmpegFact]
    public async Task SegmentBeingWritten_IsServedChunked_WithTheBytesOfTheFinishedSegment()
    {
        using var http = new HttpClient { Timeout = Timeout };
        var mpd = await ManifestWhenReadyAsync(http);
        var template = mpd.Descendants(Mpd + "SegmentTemplate").First();
        var last = long.Parse(template.Attribute("startNumber")!.Value, CultureInfo.InvariantCulture) + template.Descendants(Mpd + "S").Count() - 1;

        // Two after the last listed one: not complete yet however fast this runs (the one after the last listed may
        // have finished since). The response starts once its first part exists and ends with the segment.
        var next = last + 2;
        using var live = await http.GetAsync($"http://127.0.0.1:{fx.Hls}/cam/seg{next}_1.m4s", HttpCompletionOption.ResponseHeadersRead);
        live.StatusCode.Should().Be(HttpStatusCode.OK);
        live.Content.Headers.ContentLength.Should().BeNull("a segment being written has no known length yet");
        var chunked = await live.Content.ReadAsByteArrayAsync();

        var finished = await http.GetByteArrayAsync($"http://127.0.0.1:{fx.Hls}/cam/seg{next}_1.m4s");
        chunked.Should().Equal(finished, "the chunked response carries the whole segment, part by part");
        TrackIds(finished).Should().NotBeEmpty().And.OnlyContain(id => id == 1, "a DASH segment carries one track");
        var audio = await http.GetByteArrayAsync($"http://127.0.0.1:{fx.Hls}/cam/seg{next}_2.m4s");
        TrackIds(audio).Should().NotBeEmpty().And.OnlyContain(id => id == 2);
        var hls = await http.GetByteArrayAsync($"http://127.0.0.1:{fx.Hls}/cam/seg{next}.mp4");
        (finished.Length + audio.Length).Should().BeInRange(hls.Length * 9 / 10, hls.Length * 11 / 10,
            "the two tracks split the HLS segment's samples between them (each with its own moof/mdat headers)");
    }

    [RequiresFfmpegFact]
    public async Task Auth_ManifestWithoutCredentials_Is401_AndQueryCredentialsReachSegmentUrls()
    {
        using var http = new HttpClient { Timeout = Timeout };
        var refused = await http.GetAsync($"http://127.0.0.1:{fx.Hls}/private/manifest.mpd");
        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var url = $"http://127.0.0.1:{fx.Hls}/private/manifest.mpd?user=viewer&pass=secret";
        var streams = await MediaTools.ProbeWhenReadyAsync(url, Timeout, 1, "-f", "dash");
        streams.Should().Contain(s => s.Type == "video" && s.Codec == "h264", "the segment URLs carry the viewer's query");
    }

    /// <summary>dash.js (pinned in tests-tools, served by the test's own page origin) plays the manifest; currentTime advances.</summary>
    [ChromiumFact]
    public async Task Chromium_PlaysManifestThroughDashJs()
    {
        BrowserTools.Missing().Should().BeNull("CI must install Chromium, node and tests-tools (npm ci)");
        var url = $"http://127.0.0.1:{fx.Hls}/cam/manifest.mpd";
        var timeout = TimeSpan.FromSeconds(60);
        await using var browser = ExternalProcess.Start(
            BrowserTools.Node!,
            [Path.Combine(BrowserTools.ToolsDirectory!, "http-stream-browser.js"), "dash", url, "1.5", "25",
                ((int)timeout.TotalMilliseconds - 5000).ToString(CultureInfo.InvariantCulture)],
            BrowserTools.ToolsDirectory);
        var exit = await browser.WaitForExitAsync(timeout);
        output.WriteLine($"dash {url}: {browser.Output}");
        exit.Should().Be(0, browser.Output);
        var line = browser.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{'));
        var result = JsonDocument.Parse(line).RootElement;
        result.GetProperty("advanced").GetDouble().Should().BeGreaterThanOrEqualTo(1.5, url);
        result.GetProperty("frames").GetInt32().Should().BeGreaterThanOrEqualTo(25, url);
        result.GetProperty("width").GetInt32().Should().Be(320, url);
        result.GetProperty("height").GetInt32().Should().Be(240, url);
    }

    private async Task<XDocument> ManifestWhenReadyAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var r = await http.GetAsync($"http://127.0.0.1:{fx.Hls}/cam/manifest.mpd");
            if (r.IsSuccessStatusCode)
            {
                var doc = XDocument.Parse(await r.Content.ReadAsStringAsync());
                if (doc.Descendants(Mpd + "SegmentTemplate").First().Descendants(Mpd + "S").Count() >= 3)
                {
                    return doc;
                }
            }

            DateTime.UtcNow.Should().BeBefore(deadline, "the manifest should list three segments");
            await Task.Delay(300);
        }
    }

    /// <summary>The track_ID of every tfhd (ISO/IEC 14496-12 §8.8.7).</summary>
    private static List<int> TrackIds(byte[] segment)
    {
        var ids = new List<int>();
        for (var at = segment.AsSpan().IndexOf("tfhd"u8); at >= 0;)
        {
            ids.Add(BinaryPrimitives.ReadInt32BigEndian(segment.AsSpan(at + 8)));
            var next = segment.AsSpan(at + 4).IndexOf("tfhd"u8);
            at = next < 0 ? -1 : at + 4 + next;
        }

        return ids;
    }

    /// <summary>tfdt baseMediaDecodeTime of the first traf of the first moof (ISO/IEC 14496-12 §8.8.12).</summary>
    private static long FirstDecodeTime(byte[] segment)
    {
        var tfdt = segment.AsSpan().IndexOf("tfdt"u8);
        tfdt.Should().BePositive("a segment starts with moof/traf/tfdt");
        var body = segment.AsSpan(tfdt + 4);
        return body[0] == 1 ? (long)BinaryPrimitives.ReadUInt64BigEndian(body[4..]) : BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
    }
}

/// <summary>One broker for the class: RTSP H264 + AAC to <c>cam</c> (readable by anyone) and to <c>private</c> (viewer only).</summary>
public sealed class DashBrokerFixture : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    private BrokerProcess? _broker;
    private ExternalProcess? _cam;
    private ExternalProcess? _private;

    public int Hls { get; private set; }

    public async Task InitializeAsync()
    {
        _broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + """
            authInternalUsers:
            - user: any
              permissions:
              - action: publish
              - action: read
                path: cam
            - user: viewer
              pass: secret
              permissions:
              - action: read
            paths:
              all_others:

            """);
        var rtsp = (await _broker.ListenerAsync("RTSP")).Port;
        Hls = (await _broker.ListenerAsync("HLS")).Port;
        _cam = MediaTools.PublishH264Aac("rtsp", $"rtsp://127.0.0.1:{rtsp}/cam", 300, "-rtsp_transport", "tcp");
        _private = MediaTools.PublishH264Aac("rtsp", $"rtsp://127.0.0.1:{rtsp}/private", 300, "-rtsp_transport", "tcp");
        await _broker.Process.WaitForLineAsync(l => l.Contains("[path cam] stream is ready", StringComparison.Ordinal), Timeout);
        await _broker.Process.WaitForLineAsync(l => l.Contains("[path private] stream is ready", StringComparison.Ordinal), Timeout);
    }

    public async Task DisposeAsync()
    {
        foreach (var p in new[] { _cam, _private })
        {
            if (p is not null)
            {
                await p.DisposeAsync();
            }
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}
