using FluentAssertions;
using MediaBroker.Protocols.Rtsp;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp;

/// <summary>ffmpeg publishes and reads through the server over every transport pair.</summary>
public sealed class RtspInteropTests
{
    [Theory]
    [InlineData("tcp", "tcp")]
    [InlineData("udp", "udp")]
    [InlineData("tcp", "udp")]
    [InlineData("udp", "tcp")]
    public async Task PublishAndRead_FfmpegH264Aac_ReaderDecodesVideoAndAudio(string publishTransport, string readTransport)
    {
        await using var server = await RtspTestServer.StartAsync();
        await using var publisher = RtspClients.Publish(server.Url + "/test/stream", publishTransport);
        await server.WaitReadyAsync("test/stream", RtspClients.Timeout, publisher);

        var streams = await RtspClients.ProbeAsync(server.Url + "/test/stream", readTransport);

        // ffprobe's log goes with a failure: zero frames of one track means its timestamps fell outside the read interval.
        streams.Should().Contain(s => s.CodecName == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 10, RtspClients.LastLog);
        streams.Should().Contain(s => s.CodecName == "aac" && s.Frames > 10, RtspClients.LastLog);
    }

    [Fact]
    public async Task Read_Multicast_ReaderDecodesVideo()
    {
        var options = new RtspServerOptions { MulticastRtpPort = 18000 + Random.Shared.Next(0, 500) * 2, MulticastIPRange = "239.255.42.0/24" };
        options = options with { MulticastRtcpPort = options.MulticastRtpPort + 1 };
        await using var server = await RtspTestServer.StartAsync(options: options);
        await using var publisher = RtspClients.Publish(server.Url + "/mc", "tcp", audio: null);
        await server.WaitReadyAsync("mc", RtspClients.Timeout, publisher);

        var streams = await RtspClients.ProbeAsync(server.Url + "/mc", "udp_multicast");

        streams.Should().Contain(s => s.CodecName == "h264" && s.Width == 320 && s.Frames > 10);
        server.Server.Sessions.Should().Contain(s => s.State == "publish");
    }

    [Theory]
    [InlineData("libx265", "libopus", "hevc", "opus")]
    [InlineData("libvpx-vp9", "libopus", "vp9", "opus")]
    [InlineData("mjpeg", "pcm_mulaw", "mjpeg", "pcm_mulaw")]
    public async Task PublishAndRead_CodecPairs_ReaderDecodesBoth(string videoEncoder, string audioEncoder, string videoCodec, string audioCodec)
    {
        await using var server = await RtspTestServer.StartAsync();
        await using var publisher = RtspClients.Publish(server.Url + "/codecs", "tcp", videoEncoder, audioEncoder);
        await server.WaitReadyAsync("codecs", RtspClients.Timeout, publisher);

        var streams = await RtspClients.ProbeAsync(server.Url + "/codecs", "tcp", seconds: 3);

        streams.Should().Contain(s => s.CodecName == videoCodec && s.Width == 320 && s.Height == 240 && s.Frames > 10, RtspClients.LastLog);
        streams.Should().Contain(s => s.CodecName == audioCodec && s.Frames > 5);
    }

    [Fact]
    public async Task Publish_PathWithQuery_QueryIsKeptAndPathReadable()
    {
        await using var server = await RtspTestServer.StartAsync();
        await using var publisher = RtspClients.Publish(server.Url + "/test/stream?param=value", "tcp", audio: null);
        await server.WaitReadyAsync("test/stream", RtspClients.Timeout, publisher);

        server.Server.Sessions.Should().Contain(s => s.State == "publish" && s.Path == "test/stream" && s.Query == "param=value");
        var streams = await RtspClients.ProbeAsync(server.Url + "/test/stream?param=value", "udp");
        streams.Should().Contain(s => s.CodecName == "h264" && s.Frames > 10);
    }
}
