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
    public void TryParse_VodUrls_PathResourceAndSegment(string url, string path, string resource, int segment)
    {
        VodRequest.TryParse(url, out var r).Should().BeTrue();
        r.Should().Be(new VodRequest(path, Enum.Parse<VodResource>(resource), segment));
    }

    [Theory]
    [InlineData("clip/index.m3u8")]
    [InlineData("clip.mp4")]
    [InlineData("vod.m3u8")]
    [InlineData("clip/vod/x.ts")]
    [InlineData("clip/vod/-1.ts")]
    [InlineData("clip/vod/1.mp4")]
    public void TryParse_OtherUrls_NotVod(string url) => VodRequest.TryParse(url, out _).Should().BeFalse();
}
