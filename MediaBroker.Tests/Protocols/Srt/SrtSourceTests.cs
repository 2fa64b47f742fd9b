using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Conf;
using MediaBroker.Protocols.Srt;
using MediaBroker.Tests.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Protocols.Srt;

public sealed class SrtSourceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("srt://example.com:8890?streamid=read:cam&passphrase=abcdefghijk", "example.com", 8890, "read:cam", "abcdefghijk", null)]
    [InlineData("srt://127.0.0.1:9000?streamid=#!::r=cam,m=request&latency=200", "127.0.0.1", 9000, "#!::r=cam,m=request", "", 200)]
    [InlineData("srt://[::1]:9000?streamid=read%3Acam", "::1", 9000, "read:cam", "", null)]
    [InlineData("srt://host:1", "host", 1, "", "", null)]
    public void TryParse_Urls(string raw, string host, int port, string streamId, string passphrase, int? latency)
    {
        SrtSourceUrl.TryParse(raw, out var url, out var error).Should().BeTrue(error);
        url.Should().Be(new SrtSourceUrl(host, port, streamId, passphrase, latency, null));
    }

    [Theory]
    [InlineData("rtsp://host:1")]
    [InlineData("srt://host")]
    [InlineData("srt://host:0")]
    [InlineData("srt://:99999")]
    public void TryParse_Invalid(string raw) => SrtSourceUrl.TryParse(raw, out _, out _).Should().BeFalse();

    [Fact]
    public async Task PullSource_FromSecondServer_PathGetsUnits()
    {
        await using var upstream = await SrtTestServer.StartAsync(TestPaths.Conf(new PathConf { Name = "cam", SrtReadPassphrase = "read-passphrase-1" }));
        await using var publisher = upstream.Publish("publish:cam");
        await upstream.WaitReadyAsync("cam", Timeout);

        using var runtime = new SrtRuntime(NullLoggerFactory.Instance);
        var conf = TestPaths.Conf(new PathConf
        {
            Name = "pulled",
            Source = $"srt://127.0.0.1:{upstream.Port}?streamid=read:cam&passphrase=read-passphrase-1",
        });
        using var paths = TestPaths.Manager(conf, null, new SrtSourceFactory(runtime));

        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline && paths.Find("pulled")?.Stream is null)
        {
            await Task.Delay(20);
        }

        var stream = paths.Find("pulled")!.Stream;
        stream.Should().NotBeNull();
        stream!.Tracks.Select(t => t.Codec.GetType()).Should().BeEquivalentTo([typeof(H264Codec), typeof(Mpeg4AudioCodec)]);
        var queue = stream.Units.Subscribe(stream.ReaderOptions("test"));
        var units = 0;
        using var cts = new CancellationTokenSource(Timeout);
        while (units < 30 && await queue.Reader.WaitToReadAsync(cts.Token))
        {
            while (queue.Reader.TryRead(out _))
            {
                units++;
            }
        }

        units.Should().BeGreaterThanOrEqualTo(30);
        upstream.Server.Connections.Should().Contain(c => c.State == "read" && c.Path == "cam");
    }
}
