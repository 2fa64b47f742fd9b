using System.Text;
using FluentAssertions;
using MediaBroker.Protocols.Hls;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Protocols.Hls;

public sealed class HlsRenderedPlaylistsTests
{
    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    [Fact]
    public void Media_SameSnapshotAndQuery_ServesTheSameBytes()
    {
        var tracks = TestPaths.H264AndAac();
        var seg = HlsTestUnits.Segmenter(tracks);
        HlsTestUnits.Feed(seg, tracks[0], tracks[1], frames: 30, gop: 25);
        var s = seg.Output.Current;

        var first = s.Rendered.Media(s, HlsVariant.LowLatency, 7, false, "");
        var second = s.Rendered.Media(s, HlsVariant.LowLatency, 7, false, "");

        second.Equals(first).Should().BeTrue("the second request reuses the rendered bytes");
        Text(first).Should().Be(HlsPlaylist.Media(s, HlsVariant.LowLatency, 7, false, ""));
    }

    [Fact]
    public void Media_PartAdded_NewSnapshotRendersThePart()
    {
        var tracks = TestPaths.H264AndAac();
        var seg = HlsTestUnits.Segmenter(tracks);
        HlsTestUnits.Feed(seg, tracks[0], tracks[1], frames: 26, gop: 25);
        var before = seg.Output.Current;
        var old = Text(before.Rendered.Media(before, HlsVariant.LowLatency, 7, false, ""));

        // Five more frames (200 ms at 25 fps) close the next part.
        HlsTestUnits.Feed(seg, tracks[0], tracks[1], frames: 10, gop: 25, startFrame: 26);
        var after = seg.Output.Current;
        var now = Text(after.Rendered.Media(after, HlsVariant.LowLatency, 7, false, ""));

        after.Should().NotBeSameAs(before);
        after.Rendered.Should().NotBeSameAs(before.Rendered, "every published snapshot gets its own cache");
        after.NextPartId.Should().BeGreaterThan(before.NextPartId);
        now.Should().NotBe(old);
        now.Split('\n').Should().Contain(l => l.StartsWith("#EXT-X-PART:", StringComparison.Ordinal)
            && l.Contains(HlsPlaylist.PartName(after.NextPartId - 1), StringComparison.Ordinal));
        now.Should().Be(HlsPlaylist.Media(after, HlsVariant.LowLatency, 7, false, ""));
        old.Split('\n').Should().NotContain(l => l.StartsWith("#EXT-X-PART:", StringComparison.Ordinal)
            && l.Contains(HlsPlaylist.PartName(after.NextPartId - 1), StringComparison.Ordinal));
    }

    [Fact]
    public void Media_QueryOrSkipChanges_RendersForThatRequest()
    {
        var tracks = TestPaths.H264AndAac();
        var seg = HlsTestUnits.Segmenter(tracks);
        HlsTestUnits.Feed(seg, tracks[0], tracks[1], frames: 30, gop: 25);
        var s = seg.Output.Current;

        Text(s.Rendered.Media(s, HlsVariant.LowLatency, 7, false, "")).Should().NotContain("token=");
        Text(s.Rendered.Media(s, HlsVariant.LowLatency, 7, false, "?token=a")).Should().Contain("part0.mp4?token=a");
        Text(s.Rendered.Media(s, HlsVariant.LowLatency, 7, false, "?token=b")).Should().Contain("part0.mp4?token=b").And.NotContain("token=a");
        Text(s.Rendered.Media(s, HlsVariant.LowLatency, 7, true, "?token=b")).Should().Be(HlsPlaylist.Media(s, HlsVariant.LowLatency, 7, true, "?token=b"));
        Text(s.Rendered.Media(s, HlsVariant.LowLatency, 7, false, "")).Should().Be(HlsPlaylist.Media(s, HlsVariant.LowLatency, 7, false, ""));
    }

    [Fact]
    public void Publish_CopyOfCurrentSnapshot_GetsAFreshCache()
    {
        var tracks = TestPaths.H264AndAac();
        var seg = HlsTestUnits.Segmenter(tracks);
        HlsTestUnits.Feed(seg, tracks[0], tracks[1], frames: 30, gop: 25);
        var live = seg.Output.Current;
        _ = live.Rendered.Media(live, HlsVariant.LowLatency, 7, false, "");

        seg.End();
        var ended = seg.Output.Current;

        ended.Ended.Should().BeTrue();
        ended.Rendered.Should().NotBeSameAs(live.Rendered, "a `with` copy must not serve the text of the snapshot it came from");
    }

    [Fact]
    public void WithoutHlsParams_OneParameterWithoutDirectives_IsReturnedAsIs()
    {
        const string query = "?token=abc";
        HlsServer.WithoutHlsParams(query).Should().BeSameAs(query);
        HlsServer.WithoutHlsParams("?a=1&&b=2").Should().Be("?a=1&b=2");
        HlsServer.WithoutHlsParams("??a=1").Should().Be("?a=1");
        HlsServer.WithoutHlsParams("?_HLS_msn=1").Should().Be("");
    }
}
