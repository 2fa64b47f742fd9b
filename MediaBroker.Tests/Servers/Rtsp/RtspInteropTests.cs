using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Servers.Rtsp;

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
        await server.WaitReadyAsync("test/stream", RtspClients.Timeout);

        var streams = await RtspClients.ProbeAsync(server.Url + "/test/stream", readTransport);

        streams.Should().Contain(s => s.CodecName == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 10);
        streams.Should().Contain(s => s.CodecName == "aac" && s.Frames > 10);
    }
}
