using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Interop;

/// <summary>
/// The real executable with a <c>udp+mpegts</c> path source: ffmpeg sends MPEG-TS over UDP (unicast, and to a multicast
/// group on loopback) and ffprobe reads the path back over RTSP.
/// </summary>
public sealed class UdpIngestInteropTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task UdpMpegTs_UnicastFfmpegPublish_RtspReaderGetsH264AndAac()
    {
        var port = FreeUdpPort();
        await AssertRtspReadAsync($"udp+mpegts://127.0.0.1:{port}", $"udp://127.0.0.1:{port}?pkt_size=1316");
    }

    [Fact]
    public async Task UdpMpegTs_MulticastOnLoopbackFfmpegPublish_RtspReaderGetsH264AndAac()
    {
        // localaddr makes ffmpeg send the group's datagrams out of lo (IP_MULTICAST_IF), where the broker joined it, so no
        // multicast route is needed; .ci/run still adds one (224.0.0.0/4 dev lo) in its network namespace.
        var port = FreeUdpPort();
        await AssertRtspReadAsync(
            $"udp+mpegts://239.1.2.3:{port}?interface=lo",
            $"udp://239.1.2.3:{port}?localaddr=127.0.0.1&ttl=1&pkt_size=1316");
    }

    private async Task AssertRtspReadAsync(string source, string publishUrl)
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + $"paths:\n  udpcam:\n    source: {source}\n");
        var rtsp = await broker.ListenerAsync("RTSP");

        await using var publisher = MediaTools.PublishH264Aac("mpegts", publishUrl);
        try
        {
            await broker.Process.WaitForLineAsync(l => l.Contains("[path udpcam] stream is ready", StringComparison.Ordinal), s_timeout);
        }
        catch (TimeoutException)
        {
            output.WriteLine(broker.Process.Output);
            output.WriteLine(publisher.Output);
            throw;
        }

        var streams = await MediaTools.ProbeWhenReadyAsync($"rtsp://127.0.0.1:{rtsp.Port}/udpcam", s_timeout, 3, "-rtsp_transport", "tcp");
        output.WriteLine(string.Join("\n", streams));

        var video = streams.Single(s => s.Type == "video");
        video.Codec.Should().Be("h264");
        (video.Width, video.Height).Should().Be((320, 240));
        video.Frames.Should().BeGreaterThan(10, "ffprobe decoded the frames ffmpeg sent over UDP");
        var audio = streams.Single(s => s.Type == "audio");
        audio.Codec.Should().Be("aac");
        audio.Frames.Should().BeGreaterThan(10);
    }

    private static int FreeUdpPort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }
}
