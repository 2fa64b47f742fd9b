using FluentAssertions;
using MediaBroker.Protocols.HttpStream;
using Xunit;

namespace MediaBroker.Tests.Protocols.HttpStream;

public sealed class HttpStreamFormatsTests
{
    [Theory]
    [InlineData("cam.flv", "cam", HttpStreamFormat.Flv)]
    [InlineData("a/b.ts", "a/b", HttpStreamFormat.MpegTs)]
    [InlineData("a.b/c.mp4", "a.b/c", HttpStreamFormat.Mp4)]
    [InlineData("radio.aac", "radio", HttpStreamFormat.Aac)]
    [InlineData("radio.mp3", "radio", HttpStreamFormat.Mp3)]
    public void TryParse_KnownExtension_SplitsPathAndFormat(string url, string path, HttpStreamFormat format)
    {
        HttpStreamFormats.TryParse(url, out var p, out var f).Should().BeTrue();
        p.Should().Be(path);
        f.Should().Be(format);
    }

    [Theory]
    [InlineData("cam")]
    [InlineData("cam/")]
    [InlineData(".flv")]
    [InlineData("cam.m3u8")]
    [InlineData("cam.flv/")]
    [InlineData("a.flv/b")]
    [InlineData("cam.FLV")]
    public void TryParse_OtherUrls_AreNotOurs(string url) =>
        HttpStreamFormats.TryParse(url, out _, out _).Should().BeFalse();
}
