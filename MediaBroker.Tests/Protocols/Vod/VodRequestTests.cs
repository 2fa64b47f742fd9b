using FluentAssertions;
using MediaBroker.Protocols.Vod;
using Xunit;

namespace MediaBroker.Tests.Protocols.Vod;

public sealed class VodRequestTests
{
    [Theory]
    [InlineData("clip/vod.m3u8", "clip", "Playlist", 0)]
    [InlineData("lib/day1/a.mp4/vod.m3u8", "lib/day1/a.mp4", "Playlist", 0)]
    [InlineData("clip/vod/12.ts", "clip", "Segment", 12)]
    [InlineData("lib/a.mp4/vod/0.ts", "lib/a.mp4", "Segment", 0)]
    [InlineData("clip/vod.mp4", "clip", "File", 0)]
    [InlineData("clip/vod.mpd", "clip", "Manifest", 0)]
    [InlineData("lib/a.ts/vod.mpd", "lib/a.ts", "Manifest", 0)]
    public void TryParse_VodUrls_PathResourceAndSegment(string url, string path, string resource, int segment)
    {
        VodRequest.TryParse(url, out var r).Should().BeTrue();
        r.Should().Be(new VodRequest(path, Enum.Parse<VodResource>(resource), segment));
    }

    [Theory]
    [InlineData("clip/vod/init-2.mp4", "clip", "DashInit", 0, 2)]
    [InlineData("lib/a.mkv/vod/7_1.m4s", "lib/a.mkv", "DashSegment", 7, 1)]
    public void TryParse_DashUrls_SegmentAndTrack(string url, string path, string resource, int segment, int track)
    {
        VodRequest.TryParse(url, out var r).Should().BeTrue();
        r.Should().Be(new VodRequest(path, Enum.Parse<VodResource>(resource), segment, track));
    }

    [Theory]
    [InlineData("clip/index.m3u8")]
    [InlineData("clip.mp4")]
    [InlineData("vod.m3u8")]
    [InlineData("clip/vod/x.ts")]
    [InlineData("clip/vod/-1.ts")]
    [InlineData("clip/vod/1.mp4")]
    [InlineData("clip/vod/init2.mp4")]
    [InlineData("clip/vod/init-x.mp4")]
    [InlineData("clip/vod/1.m4s")]
    [InlineData("clip/vod/_1.m4s")]
    [InlineData("clip/vod/1_.m4s")]
    public void TryParse_OtherUrls_NotVod(string url) => VodRequest.TryParse(url, out _).Should().BeFalse();
}
