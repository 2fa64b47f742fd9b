using FluentAssertions;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp.Tunnel;

/// <summary>Real clients through the RTSP port's tunnels: ffprobe and GStreamer over Apple's HTTP tunnel.</summary>
public sealed class RtspTunnelInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rtsp-tunnel-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [RequiresFfmpegFact]
    public async Task Read_FfprobeHttpTunnel_DecodesVideoAndAudio()
    {
        await using var server = await RtspTestServer.StartAsync();
        await using var publisher = RtspClients.Publish(server.Url + "/tun", "tcp");
        await server.WaitReadyAsync("tun", RtspClients.Timeout, publisher);

        var probe = RtspClients.ProbeAsync(server.Url + "/tun", "http", seconds: 3);
        var tunnelSeen = await WaitAsync(() => server.Server.Connections.Any(c => c.Tunnel == "http"), RtspClients.Timeout);
        var streams = await probe;

        tunnelSeen.Should().BeTrue("the tunnelled reader is listed with tunnel 'http' while it reads");
        streams.Should().Contain(s => s.CodecName == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 10, RtspClients.LastLog);
        streams.Should().Contain(s => s.CodecName == "aac" && s.Frames > 10);
    }

    [RequiresFfmpegFact]
    public async Task Read_FfprobeHttpTunnelOverRtsps_DecodesVideo()
    {
        await using var server = await RtspTestServer.StartAsync(options: RtspsTestOptions());
        await using var publisher = RtspClients.Publish(server.Url + "/tls", "tcp", audio: null);
        await server.WaitReadyAsync("tls", RtspClients.Timeout, publisher);

        // ffmpeg's "https" transport: the GET and POST over TLS to the RTSPS port; inside, plain rtsp:// URLs.
        var streams = await RtspClients.ProbeAsync($"rtsp://127.0.0.1:{server.Server.RtspsBoundEndPoint!.Port}/tls", "https", seconds: 3);

        streams.Should().Contain(s => s.CodecName == "h264" && s.Width == 320 && s.Frames > 10, RtspClients.LastLog);
    }

    internal static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return condition();
    }

    private MediaBroker.Protocols.Rtsp.RtspServerOptions RtspsTestOptions()
    {
        var (cert, key, _) = RtspsTests.WriteSelfSignedPem(_dir);
        return new() { Encryption = MediaBroker.Protocols.Rtsp.RtspEncryption.Optional, ServerCert = cert, ServerKey = key };
    }
}
