using FluentAssertions;
using MediaBroker.Protocols.Hls;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Protocols.Hls;

public sealed class HlsPlaylistTests
{
    private static HlsSnapshot Snapshot(int frames, HlsVariant variant = HlsVariant.LowLatency, int count = 7)
    {
        var tracks = TestPaths.H264AndAac();
        var seg = HlsTestUnits.Segmenter(tracks, variant, count: count);
        HlsTestUnits.Feed(seg, tracks[0], tracks[1], frames, gop: 25);
        return seg.Output.Current;
    }

    private static string[] Lines(string playlist) => playlist.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Media_LowLatency_HasServerControlPartsAndPreloadHint()
    {
        // 4 complete segments (msn 0-3) and 2 parts of segment 4.
        var s = Snapshot(25 * 4 + 11);
        var lines = Lines(HlsPlaylist.Media(s, HlsVariant.LowLatency, 7, false, ""));

        lines[0].Should().Be("#EXTM3U");
        lines.Should().Contain("#EXT-X-VERSION:9");
        lines.Should().Contain("#EXT-X-TARGETDURATION:1");
        lines.Should().Contain("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.60000,CAN-SKIP-UNTIL=6");
        lines.Should().Contain("#EXT-X-PART-INF:PART-TARGET=0.20000");
        lines.Should().Contain("#EXT-X-MEDIA-SEQUENCE:0");
        lines.Should().Contain("#EXT-X-MAP:URI=\"init.mp4\"");
        lines.Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal)).Should().HaveCount(4).And.OnlyContain(l => l == "#EXTINF:1.00000,");
        lines.Where(l => l.StartsWith("seg", StringComparison.Ordinal)).Should().Equal("seg0.mp4", "seg1.mp4", "seg2.mp4", "seg3.mp4");
        lines.Count(l => l.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal)).Should().Be(5);

        // Parts are listed only for segments ending within three target durations of the end (1, 2, 3) and the current one.
        var parts = lines.Where(l => l.StartsWith("#EXT-X-PART:", StringComparison.Ordinal)).ToArray();
        parts.Should().HaveCount(17);
        parts[0].Should().Be("#EXT-X-PART:DURATION=0.20000,URI=\"part5.mp4\",INDEPENDENT=YES");
        parts[1].Should().Be("#EXT-X-PART:DURATION=0.20000,URI=\"part6.mp4\"");
        parts[^1].Should().Be("#EXT-X-PART:DURATION=0.20000,URI=\"part21.mp4\"");
        lines[^1].Should().Be("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part22.mp4\"");
    }

    [Fact]
    public void Media_SkipRequested_ReplacesOldSegmentsWithSkipTag()
    {
        var s = Snapshot((25 * 8) + 1, count: 8);
        var full = Lines(HlsPlaylist.Media(s, HlsVariant.LowLatency, 8, false, ""));
        var delta = Lines(HlsPlaylist.Media(s, HlsVariant.LowLatency, 8, true, ""));

        full.Where(l => l.StartsWith("seg", StringComparison.Ordinal)).Should().HaveCount(8);

        // CAN-SKIP-UNTIL is 6 s: of 8 one-second segments, those starting more than 6 s from the end are skipped.
        delta.Should().Contain("#EXT-X-SKIP:SKIPPED-SEGMENTS=2");
        delta.Should().Contain("#EXT-X-MEDIA-SEQUENCE:0", "the sequence number still names the first, skipped, segment");
        delta.Where(l => l.StartsWith("seg", StringComparison.Ordinal)).First().Should().Be("seg2.mp4");
        Array.IndexOf(delta, "#EXT-X-SKIP:SKIPPED-SEGMENTS=2").Should().BeLessThan(Array.FindIndex(delta, l => l.StartsWith("#EXTINF", StringComparison.Ordinal)));
    }

    [Fact]
    public void Media_Window_ListsSegmentCountNewest()
    {
        var s = Snapshot((25 * 6) + 1, count: 3);
        var lines = Lines(HlsPlaylist.Media(s, HlsVariant.LowLatency, 3, false, ""));
        lines.Should().Contain("#EXT-X-MEDIA-SEQUENCE:3");
        lines.Where(l => l.StartsWith("seg", StringComparison.Ordinal)).Should().Equal("seg3.mp4", "seg4.mp4", "seg5.mp4");
    }

    [Fact]
    public void Media_Fmp4_HasNoLowLatencyTags()
    {
        var s = Snapshot(51, HlsVariant.Fmp4);
        var text = HlsPlaylist.Media(s, HlsVariant.Fmp4, 7, true, "");
        text.Should().Contain("#EXT-X-VERSION:6").And.Contain("#EXT-X-MAP:URI=\"init.mp4\"");
        text.Should().NotContain("#EXT-X-PART").And.NotContain("PRELOAD").And.NotContain("SERVER-CONTROL").And.NotContain("SKIP");
    }

    [Fact]
    public void Media_MpegTs_HasTsSegmentsAndNoMap()
    {
        var s = Snapshot(51, HlsVariant.MpegTs);
        var lines = Lines(HlsPlaylist.Media(s, HlsVariant.MpegTs, 7, false, ""));
        lines.Should().Contain("#EXT-X-VERSION:3");
        lines.Should().NotContain(l => l.StartsWith("#EXT-X-MAP", StringComparison.Ordinal));
        lines.Where(l => l.StartsWith("seg", StringComparison.Ordinal)).Should().Equal("seg0.ts", "seg1.ts");
    }

    [Fact]
    public void Media_Query_IsCarriedByEveryUri()
    {
        var s = Snapshot(30);
        var lines = Lines(HlsPlaylist.Media(s, HlsVariant.LowLatency, 7, false, "?user=a&pass=b"));
        lines.Where(l => !l.StartsWith('#')).Should().OnlyContain(l => l.EndsWith("?user=a&pass=b", StringComparison.Ordinal));
        lines.Where(l => l.Contains("URI=", StringComparison.Ordinal)).Should().OnlyContain(l => l.Contains("?user=a&pass=b\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Multivariant_HasCodecsResolutionBandwidthAndFrameRate()
    {
        var s = Snapshot(76);
        var lines = Lines(HlsPlaylist.Multivariant(s, HlsVariant.LowLatency, "?token=x"));
        lines[0].Should().Be("#EXTM3U");
        var inf = lines.Single(l => l.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal));
        inf.Should().MatchRegex("BANDWIDTH=[1-9][0-9]*,AVERAGE-BANDWIDTH=[1-9][0-9]*,CODECS=\"avc1.42c00d,mp4a.40.2\",RESOLUTION=[0-9]+x[0-9]+,FRAME-RATE=25.000$");
        lines[^1].Should().Be("stream.m3u8?token=x");
    }

    [Fact]
    public void WithoutHlsParams_RemovesOnlyDirectives()
    {
        HlsServer.WithoutHlsParams("?_HLS_msn=3&_HLS_part=1&user=a").Should().Be("?user=a");
        HlsServer.WithoutHlsParams("?_HLS_skip=YES").Should().Be("");
        HlsServer.WithoutHlsParams(null).Should().Be("");
        HlsServer.WithoutHlsParams("?a=1&b=2").Should().Be("?a=1&b=2");
    }
}
