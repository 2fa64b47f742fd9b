using System.Net;
using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Protocols.Hls.Client;
using MediaBroker.Tests.Core;
using MediaBroker.Tests.Formats.MpegTs;
using Xunit;

namespace MediaBroker.Tests.Protocols.Hls.Client;

public sealed class HlsSourceRetryTests
{
    [Fact]
    public async Task Pull_PlaylistEnds_PathRetriesAndTheStreamComesBack()
    {
        var handler = new EndedPlaylistHandler(TsTestSupport.Load("h264_aac.ts"));
        var conf = TestPaths.Conf(new PathConf { Name = "relay", Source = "http://origin.test/cam/index.m3u8" });
        using var paths = TestPaths.Manager(conf, null, new HlsSourceFactory(TimeSpan.FromSeconds(5), handler));
        var ready = 0;
        paths.StreamReady += p => Interlocked.Increment(ref ready);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (Volatile.Read(ref ready) < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Volatile.Read(ref ready).Should().BeGreaterThanOrEqualTo(2, "the source ends at EXT-X-ENDLIST and the path starts it again");
        handler.PlaylistRequests.Should().BeGreaterThanOrEqualTo(2);
    }

    /// <summary>An origin with one two-second MPEG-TS segment and a playlist that has ended.</summary>
    private sealed class EndedPlaylistHandler(byte[] segment) : HttpMessageHandler
    {
        private int _playlistRequests;

        public int PlaylistRequests => Volatile.Read(ref _playlistRequests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            HttpContent content;
            if (path.EndsWith(".m3u8", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _playlistRequests);
                content = new StringContent("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:2.0,\nseg0.ts\n#EXT-X-ENDLIST\n");
            }
            else if (path.EndsWith("/seg0.ts", StringComparison.Ordinal))
            {
                content = new ByteArrayContent(segment);
            }
            else
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }
}
