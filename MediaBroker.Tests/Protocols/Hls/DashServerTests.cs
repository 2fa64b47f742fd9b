using System.Net;
using System.Xml.Linq;
using FluentAssertions;
using MediaBroker.Protocols.Hls;
using Xunit;

namespace MediaBroker.Tests.Protocols.Hls;

/// <summary>DASH routes of the in-process HLS server, per <c>hlsVariant</c> (the HLS fixture's replayed H264 + AAC capture).</summary>
public sealed class DashServerTests(HlsServerFixture fx) : IClassFixture<HlsServerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly XNamespace Mpd = "urn:mpeg:dash:schema:mpd:2011";

    [Fact]
    public async Task Get_ManifestOnMpegTsVariant_Is404SayingWhy()
    {
        using var http = new HttpClient { Timeout = Timeout };
        foreach (var file in new[] { "manifest.mpd", "init1.mp4", "seg3_1.m4s" })
        {
            using var r = await http.GetAsync(new Uri(fx.Url(HlsVariant.MpegTs, "cam/") + file));
            r.StatusCode.Should().Be(HttpStatusCode.NotFound, file);
            (await r.Content.ReadAsStringAsync()).Should().Contain("hlsVariant is mpegts").And.Contain("fmp4 or lowLatency");
        }
    }

    [Fact]
    public async Task Get_Fmp4Variant_ManifestWithoutLowLatency_InitsAndSegmentsPerTrack()
    {
        using var http = new HttpClient { Timeout = Timeout };
        var baseUrl = fx.Url(HlsVariant.Fmp4, "cam/");
        var doc = XDocument.Parse(await http.GetStringAsync(new Uri(baseUrl, "manifest.mpd")));
        var template = doc.Descendants(Mpd + "SegmentTemplate").First();
        template.Attribute("availabilityTimeComplete").Should().BeNull("only hlsVariant lowLatency serves segments early");
        var number = template.Attribute("startNumber")!.Value;
        doc.Descendants(Mpd + "Representation").Select(r => r.Attribute("id")!.Value).Should().Equal("1", "2");

        foreach (var track in new[] { "1", "2" })
        {
            using var init = await http.GetAsync(new Uri(baseUrl, $"init{track}.mp4"));
            init.StatusCode.Should().Be(HttpStatusCode.OK);
            init.Content.Headers.ContentType!.MediaType.Should().Be("video/mp4");
            var initBytes = await init.Content.ReadAsByteArrayAsync();
            Count(initBytes, "trak"u8).Should().Be(1, $"init{track}.mp4 describes one track");

            var seg = await http.GetByteArrayAsync(new Uri(baseUrl, $"seg{number}_{track}.m4s"));
            Count(seg, "moof"u8).Should().BePositive();
            Count(seg, "traf"u8).Should().Be(Count(seg, "moof"u8), "one traf per fragment: this track's");
        }

        using var unknown = await http.GetAsync(new Uri(baseUrl, $"seg{number}_7.m4s"));
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var future = await http.GetAsync(new Uri(baseUrl, "seg99999_1.m4s"));
        future.StatusCode.Should().Be(HttpStatusCode.NotFound, "only the segment being written and the next one are waited for");
    }

    private static int Count(byte[] data, ReadOnlySpan<byte> type)
    {
        var n = 0;
        for (var span = data.AsSpan(); span.IndexOf(type) is var at and >= 0; span = span[(at + 4)..])
        {
            n++;
        }

        return n;
    }
}
