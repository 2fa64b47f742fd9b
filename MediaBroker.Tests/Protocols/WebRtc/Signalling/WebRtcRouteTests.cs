using FluentAssertions;
using MediaBroker.Protocols.WebRtc.Signalling;
using Xunit;

namespace MediaBroker.Tests.Protocols.WebRtc.Signalling;

public sealed class WebRtcRouteTests
{
    [Theory]
    [InlineData("/cam", WebRtcRouteKind.ReaderPage, "cam", null)]
    [InlineData("/cam/", WebRtcRouteKind.ReaderPage, "cam", null)]
    [InlineData("/live/cam", WebRtcRouteKind.ReaderPage, "live/cam", null)]
    [InlineData("/live/cam/publish", WebRtcRouteKind.PublisherPage, "live/cam", null)]
    [InlineData("/cam/whip", WebRtcRouteKind.Whip, "cam", null)]
    [InlineData("/a/b/c/whep", WebRtcRouteKind.Whep, "a/b/c", null)]
    [InlineData("/cam/whep/0123456789abcdef0123456789abcdef", WebRtcRouteKind.WhepSession, "cam", "0123456789abcdef0123456789abcdef")]
    [InlineData("/x/y/whip/0123456789abcdef0123456789abcdef", WebRtcRouteKind.WhipSession, "x/y", "0123456789abcdef0123456789abcdef")]
    [InlineData("/cam/whep/not-a-secret", WebRtcRouteKind.ReaderPage, "cam/whep/not-a-secret", null)]
    [InlineData("/", WebRtcRouteKind.None, "", null)]
    public void Parse_RequestPath_GivesKindStreamPathAndSecret(string path, WebRtcRouteKind kind, string stream, string? secret)
    {
        var route = WebRtcRoute.Parse(path);

        route.Kind.Should().Be(kind);
        (route.StreamPath ?? string.Empty).Should().Be(stream);
        route.Secret.Should().Be(secret);
    }
}
