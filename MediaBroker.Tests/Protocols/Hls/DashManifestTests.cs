using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using FluentAssertions;
using MediaBroker.Protocols.Hls;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Protocols.Hls;

/// <summary>The manifest of a real segmenter's snapshot, parsed and checked against the DASH-IF live profile's shape.</summary>
public sealed class DashManifestTests
{
    private static readonly XNamespace Mpd = "urn:mpeg:dash:schema:mpd:2011";
    private static readonly DateTime Now = new(2026, 12, 2, 22, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Render_LowLatencyH264Aac_IsDynamicMpdWithOneAdaptationSetPerTrack()
    {
        var (s, options) = Snapshot(HlsVariant.LowLatency);
        var doc = Parse(DashManifest.Render(s, options, "", Now));

        var mpd = doc.Root!;
        mpd.Name.Should().Be(Mpd + "MPD");
        mpd.Attribute("profiles")!.Value.Should().Be("urn:mpeg:dash:profile:isoff-live:2011");
        mpd.Attribute("type")!.Value.Should().Be("dynamic");
        DateTime.Parse(mpd.Attribute("availabilityStartTime")!.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
            .Should().Be(s.MediaTimeZero.AddTicks(-(s.MediaTimeZero.Ticks % TimeSpan.TicksPerMillisecond)));
        mpd.Attribute("publishTime")!.Value.Should().Be("2026-12-02T22:00:00.000Z");
        XmlConvert.ToTimeSpan(mpd.Attribute("minimumUpdatePeriod")!.Value).Should().Be(TimeSpan.FromMilliseconds(200), "a part");
        XmlConvert.ToTimeSpan(mpd.Attribute("timeShiftBufferDepth")!.Value).Should().Be(TimeSpan.FromSeconds(3), "three listed 1 s segments");
        XmlConvert.ToTimeSpan(mpd.Attribute("maxSegmentDuration")!.Value).Should().Be(TimeSpan.FromSeconds(1));
        mpd.Attribute("minBufferTime").Should().NotBeNull();

        // UTCTiming after the Period (ISO/IEC 23009-1 element order), with the server's time.
        mpd.Elements().Select(e => e.Name.LocalName).Should().Equal("Period", "UTCTiming");
        var timing = mpd.Element(Mpd + "UTCTiming")!;
        timing.Attribute("schemeIdUri")!.Value.Should().Be("urn:mpeg:dash:utc:direct:2014");
        timing.Attribute("value")!.Value.Should().Be("2026-12-02T22:00:00.000Z");

        var period = mpd.Element(Mpd + "Period")!;
        period.Attribute("start")!.Value.Should().Be("PT0S");
        var sets = period.Elements(Mpd + "AdaptationSet").ToList();
        sets.Select(a => (a.Attribute("contentType")!.Value, a.Attribute("mimeType")!.Value)).Should().Equal(("video", "video/mp4"), ("audio", "audio/mp4"));
        sets.Should().OnlyContain(a => a.Attribute("segmentAlignment")!.Value == "true" && a.Attribute("startWithSAP")!.Value == "1");

        var video = sets[0].Element(Mpd + "Representation")!;
        video.Attribute("id")!.Value.Should().Be("1");
        video.Attribute("codecs")!.Value.Should().Be("avc1.42c00d");
        video.Attribute("frameRate")!.Value.Should().Be("25");
        long.Parse(video.Attribute("bandwidth")!.Value, CultureInfo.InvariantCulture).Should().BePositive();
        var audio = sets[1].Element(Mpd + "Representation")!;
        audio.Attribute("id")!.Value.Should().Be("2");
        audio.Attribute("codecs")!.Value.Should().Be("mp4a.40.2");
        audio.Attribute("audioSamplingRate")!.Value.Should().Be("44100");

        foreach (var set in sets)
        {
            var template = set.Element(Mpd + "SegmentTemplate")!;
            template.Attribute("timescale")!.Value.Should().Be("90000");
            template.Attribute("initialization")!.Value.Should().Be("init$RepresentationID$.mp4");
            template.Attribute("media")!.Value.Should().Be("seg$Number$_$RepresentationID$.m4s");
            template.Attribute("availabilityTimeComplete")!.Value.Should().Be("false");
            double.Parse(template.Attribute("availabilityTimeOffset")!.Value, CultureInfo.InvariantCulture).Should().BeApproximately(0.8, 1e-9);

            // The last three complete segments (hlsSegmentCount), numbered by their MSN, each starting where the last ended.
            var listed = s.Segments.TakeLast(3).ToList();
            template.Attribute("startNumber")!.Value.Should().Be(listed[0].Msn.ToString(CultureInfo.InvariantCulture));
            var entries = template.Element(Mpd + "SegmentTimeline")!.Elements(Mpd + "S").ToList();
            entries.Select(e => long.Parse(e.Attribute("t")!.Value, CultureInfo.InvariantCulture)).Should().Equal(listed.Select(x => x.MediaTime));
            entries.Select(e => long.Parse(e.Attribute("d")!.Value, CultureInfo.InvariantCulture)).Should().OnlyContain(d => d == 90000);
            for (var i = 1; i < entries.Count; i++)
            {
                long.Parse(entries[i].Attribute("t")!.Value, CultureInfo.InvariantCulture).Should().Be(
                    long.Parse(entries[i - 1].Attribute("t")!.Value, CultureInfo.InvariantCulture) + 90000);
            }
        }
    }

    [Fact]
    public void Render_Fmp4Variant_HasNoLowLatencyAttributes_AndUpdatesOncePerSegment()
    {
        var (s, options) = Snapshot(HlsVariant.Fmp4);
        var doc = Parse(DashManifest.Render(s, options, "", Now));
        XmlConvert.ToTimeSpan(doc.Root!.Attribute("minimumUpdatePeriod")!.Value).Should().Be(TimeSpan.FromSeconds(1));
        doc.Descendants(Mpd + "SegmentTemplate").Should().OnlyContain(t =>
            t.Attribute("availabilityTimeOffset") == null && t.Attribute("availabilityTimeComplete") == null);
    }

    [Fact]
    public void Render_QueryWithCredentials_IsEscapedIntoEveryUrl()
    {
        var (s, options) = Snapshot(HlsVariant.LowLatency);
        var doc = Parse(DashManifest.Render(s, options, "?user=a&pass=b$c", Now));
        doc.Descendants(Mpd + "SegmentTemplate").Should().OnlyContain(t =>
            t.Attribute("media")!.Value == "seg$Number$_$RepresentationID$.m4s?user=a&pass=b$$c"
            && t.Attribute("initialization")!.Value == "init$RepresentationID$.mp4?user=a&pass=b$$c");
    }

    private static (HlsSnapshot Snapshot, HlsServerOptions Options) Snapshot(HlsVariant variant)
    {
        var tracks = TestPaths.H264AndAac();
        var seg = HlsTestUnits.Segmenter(tracks, variant, count: 3);
        HlsTestUnits.Feed(seg, tracks[0], tracks[1], frames: 25 * 6 + 1, gop: 25);
        var options = new HlsServerOptions { Variant = variant, SegmentCount = 3 };
        return (seg.Output.Current, options);
    }

    private static XDocument Parse(string text)
    {
        text.Should().StartWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        return XDocument.Parse(text);
    }
}
