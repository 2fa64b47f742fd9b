using System.Net;
using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Media;
using MediaBroker.Protocols.Hls;
using MediaBroker.Protocols.Hls.Client;
using MediaBroker.Tests.Core;
using MediaBroker.Tests.Protocols.Hls;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Protocols.Hls.Client;

/// <summary>A second path manager pulls "cam" from the fixture's HLS servers (the first broker) over HTTP.</summary>
public sealed class HlsSourceTests(HlsServerFixture fx) : IClassFixture<HlsServerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(HlsVariant.MpegTs)]
    [InlineData(HlsVariant.Fmp4)]
    [InlineData(HlsVariant.LowLatency)]
    public async Task Pull_EachVariant_RelaysH264AndAacWithContinuousTimestamps(HlsVariant variant)
    {
        using var paths = RelayManager(fx.Url(variant, "cam/index.m3u8"));
        var stream = await WaitReadyAsync(paths, "relay");
        stream.Tracks.Select(t => t.Codec.GetType()).Should().BeEquivalentTo([typeof(H264Codec), typeof(Mpeg4AudioCodec)]);

        // Three seconds of video spans at least two segment boundaries (segments are one second).
        var queue = stream.Units.Subscribe(stream.ReaderOptions("test"));
        var video = new List<Unit>();
        var audio = 0;
        using var cts = new CancellationTokenSource(Timeout);
        while (video.Count < 75 && await queue.Reader.WaitToReadAsync(cts.Token))
        {
            while (queue.Reader.TryRead(out var u))
            {
                if (u.IsVideo)
                {
                    video.Add(u);
                }
                else
                {
                    audio++;
                }
            }
        }

        stream.Units.Unsubscribe(queue);
        video.Should().HaveCountGreaterThanOrEqualTo(75);
        audio.Should().BeGreaterThan(50);
        video.Should().Contain(u => u.IsRandomAccess);
        var steps = video.Zip(video.Skip(1), (a, b) => b.Dts - a.Dts).ToList();
        // 3600 (25 fps at 90 kHz) except at the fixture's 2 s loop seam (a few frames): never back, never a segment-sized jump.
        steps.Should().OnlyContain(d => d > 0 && d <= 18000, "timestamps run on across segments");
        steps.Count(d => d == 3600).Should().BeGreaterThan(steps.Count * 9 / 10);
    }

    [Fact]
    public async Task Pull_RelayedStream_FfprobeDecodesItFromTheSecondBroker()
    {
        using var paths = RelayManager(fx.Url(HlsVariant.MpegTs, "cam/index.m3u8"));
        var server = new HlsServer(paths, NullLoggerFactory.Instance);
        await server.StartAsync(new HlsServerOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0), Variant = HlsVariant.Fmp4 }, CancellationToken.None);
        try
        {
            await WaitReadyAsync(paths, "relay");
            await using var probe = ExternalProcess.Start("ffmpeg", ["-nostdin", "-hide_banner", "-i",
                $"http://127.0.0.1:{server.BoundEndPoint!.Port}/relay/index.m3u8", "-frames:v", "30", "-f", "null", "-"]);
            var code = await probe.WaitForExitAsync(Timeout);
            code.Should().Be(0, probe.Output);
            probe.Output.Should().MatchRegex(@"frame=\s*30 ").And.Contain("160x120").And.Contain("Audio: aac");
        }
        finally
        {
            await server.StopAsync(CancellationToken.None).WaitAsync(Timeout);
        }
    }

    [Fact]
    public void Parse_Multivariant_PicksVariantsAndQuotedAttributes()
    {
        var p = HlsClientPlaylist.Parse(
            "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000,CODECS=\"avc1.64001f,mp4a.40.2\"\nlow/index.m3u8\n#EXT-X-STREAM-INF:CODECS=\"a,b\",BANDWIDTH=5000\nhigh.m3u8\n",
            new Uri("http://h/cam/index.m3u8"));
        p.Variants.Should().HaveCount(2);
        p.Variants.MaxBy(v => v.Bandwidth).Uri.Should().Be(new Uri("http://h/cam/high.m3u8"));
        HlsClientPlaylist.Attribute("CODECS=\"a,b\",BANDWIDTH=5000", "BANDWIDTH").Should().Be("5000");
    }

    [Fact]
    public void Parse_MediaPlaylist_NumbersSegmentsAndKeepsTheMap()
    {
        var p = HlsClientPlaylist.Parse(
            "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:41\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:2.0,\nseg41.mp4\n#EXT-X-PART:DURATION=0.2,URI=\"part1.mp4\"\n#EXTINF:2.0,\nseg42.mp4\n#EXT-X-ENDLIST\n",
            new Uri("http://h/cam/stream.m3u8"));
        p.Segments.Select(s => s.Msn).Should().Equal(41, 42);
        p.Segments[1].Uri.Should().Be(new Uri("http://h/cam/seg42.mp4"));
        p.Segments.Should().OnlyContain(s => s.Map == new Uri("http://h/cam/init.mp4"));
        p.TargetDuration.Should().Be(2);
        p.Ended.Should().BeTrue();
    }

    private static PathManager RelayManager(Uri source) =>
        TestPaths.Manager(TestPaths.Conf(new PathConf { Name = "relay", Source = source.ToString() }), null, new HlsSourceFactory(TimeSpan.FromSeconds(10)));

    private static async Task<MediaStream> WaitReadyAsync(PathManager paths, string name)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (paths.Find(name)?.Stream is { } stream)
            {
                return stream;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{name} did not become ready");
    }
}
