using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Protocols.Hls.Client;
using MediaBroker.Tests.Auth;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Protocols.Hls.Client;

/// <summary>An https HLS source with <c>sourceFingerprint</c> trusts exactly the pinned self-signed certificate.</summary>
public sealed class HlsSourceFingerprintTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Pull_HttpsSelfSigned_PinnedServerIsRead_OtherCertificateIsRefused()
    {
        // An empty live playlist: the source keeps reloading it, so each reload is one more request the stub counts.
        const string playlist = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n";
        await using var pinned = new TlsHttpStub(playlist, "application/vnd.apple.mpegurl");
        await using var other = new TlsHttpStub(playlist, "application/vnd.apple.mpegurl");
        var conf = TestPaths.Conf(
            new PathConf { Name = "good", Source = pinned.Url("/cam/index.m3u8"), SourceFingerprint = pinned.Fingerprint },
            new PathConf { Name = "bad", Source = other.Url("/cam/index.m3u8"), SourceFingerprint = pinned.Fingerprint });
        using var paths = TestPaths.Manager(conf, null, new HlsSourceFactory(TimeSpan.FromSeconds(5)));

        var deadline = DateTime.UtcNow + Timeout;
        while (pinned.Requests < 3)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the pinned server should be polled");
            await Task.Delay(50);
        }

        other.Requests.Should().Be(0, "the TLS handshake with an unpinned certificate fails before any request");
    }
}
