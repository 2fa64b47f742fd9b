using System.Xml.Linq;
using FluentAssertions;
using MediaBroker.Protocols.Vod;
using MediaBroker.Streams.Files;
using Xunit;

namespace MediaBroker.Tests.Protocols.Vod;

public sealed class VodDashManifestTests
{
    private static readonly XNamespace Mpd = "urn:mpeg:dash:schema:mpd:2011";

    private static readonly FileVodTracks Tracks = new(90000,
    [
        new FileVodTrack(1, true, "avc1.64001f", 1280, 720, 0, []),
        new FileVodTrack(2, false, "mp4a.40.2", 0, 0, 48000, []),
    ]);

    [Fact]
    public void Render_FileStartingAt1400ms_StaticTimelineFromTheFirstCutWithRepeats()
    {
        // Cuts at 1.4, 2.4, 3.4 and 4.9 s; the file ends at 5.5 s.
        var index = new FileVodIndex(0, [new VodCut(1.4, 126000, 0), new VodCut(2.4, 216000, 10), new VodCut(3.4, 306000, 20), new VodCut(4.9, 441000, 30)], 5.5);
        var mpd = XDocument.Parse(VodDashManifest.Render(index, Tracks, "?token=a$b&c", 123456)).Root!;

        mpd.Attribute("type")!.Value.Should().Be("static");
        mpd.Attribute("mediaPresentationDuration")!.Value.Should().Be("PT4.1S");
        var sets = mpd.Descendants(Mpd + "AdaptationSet").ToList();
        sets.Should().HaveCount(2);
        foreach (var set in sets)
        {
            var template = set.Element(Mpd + "SegmentTemplate")!;
            template.Attribute("presentationTimeOffset")!.Value.Should().Be("126000");
            template.Attribute("startNumber")!.Value.Should().Be("0");
            template.Attribute("media")!.Value.Should().Be("vod/$Number$_$RepresentationID$.m4s?token=a$$b&c", "a '$' in the query is escaped as '$$'");
            template.Attribute("initialization")!.Value.Should().Be("vod/init-$RepresentationID$.mp4?token=a$$b&c");
            template.Descendants(Mpd + "S").Select(s => (s.Attribute("t")?.Value, s.Attribute("d")!.Value, s.Attribute("r")?.Value))
                .Should().Equal(("126000", "90000", "1"), (null, "135000", null), (null, "54000", null));
        }

        var video = sets[0].Element(Mpd + "Representation")!;
        (video.Attribute("id")!.Value, video.Attribute("codecs")!.Value, video.Attribute("width")!.Value, video.Attribute("bandwidth")!.Value)
            .Should().Be(("1", "avc1.64001f", "1280", "123456"));
        sets[1].Element(Mpd + "Representation")!.Attribute("audioSamplingRate")!.Value.Should().Be("48000");
    }
}
