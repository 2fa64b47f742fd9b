using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Protocols.Udp;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Protocols.Udp;

public sealed class UdpSourceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly string SampleTs = Path.Combine(AppContext.BaseDirectory, "TestData", "MpegTs", "h264_aac.ts");

    [Theory]
    [InlineData("udp+mpegts://127.0.0.1:5000", "127.0.0.1", 5000, null, null, false)]
    [InlineData("udp://0.0.0.0:5000", "0.0.0.0", 5000, null, null, false)]
    [InlineData("udp+mpegts://239.0.0.1:1234?interface=lo", "239.0.0.1", 1234, "lo", null, true)]
    [InlineData("udp+mpegts://232.1.1.1:1234?source=10.0.0.1&interface=eth0", "232.1.1.1", 1234, "eth0", "10.0.0.1", true)]
    [InlineData("udp+mpegts://[ff02::1]:1234", "ff02::1", 1234, null, null, true)]
    public void TryParse_Urls(string raw, string ip, int port, string? iface, string? source, bool multicast)
    {
        UdpSourceUrl.TryParse(raw, out var url, out var error).Should().BeTrue(error);
        url!.EndPoint.Should().Be(new IPEndPoint(IPAddress.Parse(ip), port));
        url.Interface.Should().Be(iface);
        url.Source.Should().Be(source is null ? null : IPAddress.Parse(source));
        url.IsMulticast.Should().Be(multicast);
    }

    [Theory]
    [InlineData("udp+mpegts://host:5000")]
    [InlineData("udp+mpegts://127.0.0.1")]
    [InlineData("udp+mpegts://127.0.0.1:5000?source=nope")]
    [InlineData("srt://127.0.0.1:5000")]
    public void TryParse_Invalid(string raw) => UdpSourceUrl.TryParse(raw, out _, out _).Should().BeFalse();

    [Fact]
    public void Factory_HandlesItsSchemes()
    {
        var f = new UdpSourceFactory();
        f.CanHandle("udp+mpegts://1.2.3.4:5").Should().BeTrue();
        f.CanHandle("udp://1.2.3.4:5").Should().BeTrue();
        f.CanHandle("unix+mpegts:///tmp/x.sock").Should().BeTrue();
        f.CanHandle("udp+rtp://1.2.3.4:5").Should().BeTrue();
        f.CanHandle("srt://1.2.3.4:5").Should().BeFalse();
        f.Create("udp+rtp://127.0.0.1:5004").Should().BeOfType<UdpRtpSource>();
        f.Create("unix+mpegts:///tmp/x.sock").Should().BeOfType<UnixMpegTsSource>();
    }

    [Fact]
    public async Task Unicast_FfmpegPublish_UnitsArrive()
    {
        var port = FreeUdpPort();
        await AssertIngestAsync($"udp+mpegts://127.0.0.1:{port}", $"udp://127.0.0.1:{port}?pkt_size=1316");
    }

    [Fact]
    public async Task Multicast_OnLoopback_UnitsArrive()
    {
        var port = FreeUdpPort();
        await AssertIngestAsync($"udp+mpegts://239.0.0.1:{port}?interface=lo", $"udp://239.0.0.1:{port}?localaddr=127.0.0.1&pkt_size=1316&ttl=1");
    }

    [Fact]
    public async Task UnixSocket_FfmpegPublish_UnitsArrive()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"mb-{Guid.NewGuid():N}.sock");
        await AssertIngestAsync("unix+mpegts://" + socket, "unix:" + socket);
    }

    [Fact]
    public async Task Rtp_WithSdp_FfmpegPublish_VideoUnitsArrive()
    {
        var port = FreeUdpPort();
        var sdpFile = Path.Combine(Path.GetTempPath(), $"mb-{Guid.NewGuid():N}.sdp");
        try
        {
            // ffmpeg writes the SDP of its RTP output; a short dry run to a discard port gives the path's rtpSDP.
            var (code, output) = await RunAsync("ffmpeg", "-hide_banner", "-loglevel", "error", "-i", SampleTs, "-map", "0:v", "-c", "copy",
                "-t", "0.2", "-f", "rtp", "-sdp_file", sdpFile, "rtp://127.0.0.1:9");
            code.Should().Be(0, output);
            var sdp = await File.ReadAllTextAsync(sdpFile);
            await AssertIngestAsync($"udp+rtp://127.0.0.1:{port}", $"rtp://127.0.0.1:{port}?pkt_size=1200", sdp, [typeof(H264Codec)], "-map", "0:v");
        }
        finally
        {
            File.Delete(sdpFile);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string exe, params string[] args)
    {
        await using var p = ExternalProcess.Start(exe, args);
        var code = await p.WaitForExitAsync(Timeout);
        return (code, p.Output);
    }

    private static async Task AssertIngestAsync(string source, string ffmpegTarget, string sdp = "", Type[]? codecs = null, params string[] map)
    {
        var conf = TestPaths.Conf(new PathConf { Name = "ingest", Source = source, RtpSDP = sdp });
        using var paths = TestPaths.Manager(conf, null, new UdpSourceFactory());
        await using var ffmpeg = await StartPublisherAsync(ffmpegTarget, sdp.Length > 0 ? "rtp" : "mpegts", map);
        var stream = await WaitReadyAsync(paths, "ingest", ffmpeg);
        stream.Tracks.Select(t => t.Codec.GetType()).Should().BeEquivalentTo(codecs ?? [typeof(H264Codec), typeof(Mpeg4AudioCodec)]);
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
    }

    private static async Task<ExternalProcess> StartPublisherAsync(string target, string format, string[] map)
    {
        // UDP datagrams sent before the source binds are simply lost (the input loops); a unix socket must exist first.
        var deadline = DateTime.UtcNow + Timeout;
        while (target.StartsWith("unix:", StringComparison.Ordinal) && !File.Exists(target["unix:".Length..]) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return ExternalProcess.Start("ffmpeg", ["-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", SampleTs, .. map, "-c", "copy", "-f", format, target]);
    }

    private static async Task<MediaStream> WaitReadyAsync(PathManager paths, string name, ExternalProcess ffmpeg)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (paths.Find(name)?.Stream is { } stream)
            {
                return stream;
            }

            if (ffmpeg.HasExited)
            {
                throw new InvalidOperationException("ffmpeg exited: " + ffmpeg.Output);
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"path '{name}' did not become ready: {ffmpeg.Output}");
    }

    private static int FreeUdpPort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }
}
