using FluentAssertions;
using MediaBroker.Bench;
using Xunit;

namespace MediaBroker.Tests.Bench;

public sealed class HlsPlaylistViewTests
{
    private const string Full = """
        #EXTM3U
        #EXT-X-VERSION:9
        #EXT-X-TARGETDURATION:2
        #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.60000,CAN-SKIP-UNTIL=12
        #EXT-X-PART-INF:PART-TARGET=0.20000
        #EXT-X-MEDIA-SEQUENCE:7
        #EXT-X-MAP:URI="init.mp4"
        #EXT-X-PROGRAM-DATE-TIME:2026-11-22T04:00:00.000Z
        #EXT-X-PART:DURATION=0.20000,URI="part70.mp4",INDEPENDENT=YES
        #EXT-X-PART:DURATION=0.20000,URI="part71.mp4"
        #EXTINF:2.00000,
        seg7.mp4
        #EXT-X-PROGRAM-DATE-TIME:2026-11-22T04:00:02.000Z
        #EXT-X-PART:DURATION=0.20000,URI="part72.mp4",INDEPENDENT=YES
        #EXT-X-PRELOAD-HINT:TYPE=PART,URI="part73.mp4"

        """;

    [Fact]
    public void Parse_PartsBeforeAndAfterLastSegment_NumberedBySegmentAndIndex()
    {
        var v = HlsPlaylistView.Parse(Full.Replace("\n", "\r\n", StringComparison.Ordinal));

        v.CanSkip.Should().BeTrue();
        v.Parts.Should().Equal(
            new HlsPlaylistView.Part(7, 0, "part70.mp4"),
            new HlsPlaylistView.Part(7, 1, "part71.mp4"),
            new HlsPlaylistView.Part(8, 0, "part72.mp4"));
        (v.NextMsn, v.NextPart).Should().Be((8L, 1));
    }

    [Fact]
    public void Parse_NewestPartClosedItsSegment_NextIsPartZeroOfTheNextSegment()
    {
        var closed = Full[..Full.IndexOf("#EXT-X-PROGRAM-DATE-TIME:2026-11-22T04:00:02", StringComparison.Ordinal)];

        var v = HlsPlaylistView.Parse(closed);

        v.Parts[^1].Should().Be(new HlsPlaylistView.Part(7, 1, "part71.mp4"));
        (v.NextMsn, v.NextPart).Should().Be((8L, 0));
    }

    [Fact]
    public void Parse_DeltaUpdate_CountsSkippedSegments()
    {
        var delta = Full.Replace("#EXT-X-MAP:URI=\"init.mp4\"", "#EXT-X-SKIP:SKIPPED-SEGMENTS=3", StringComparison.Ordinal);

        HlsPlaylistView.Parse(delta).Parts[^1].Should().Be(new HlsPlaylistView.Part(11, 0, "part72.mp4"));
    }

    [Fact]
    public void FirstUri_Multivariant_IsTheVariant()
    {
        HlsPlaylistView.FirstUri("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nstream.m3u8?token=a\n").Should().Be("stream.m3u8?token=a");
    }
}
