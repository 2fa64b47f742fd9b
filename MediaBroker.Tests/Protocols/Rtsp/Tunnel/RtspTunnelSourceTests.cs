using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Protocols.Rtsp;
using MediaBroker.Protocols.Rtsp.Client;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp.Tunnel;

/// <summary>
/// A path pulling through a tunnel (<c>source: rtsp+ws://</c>, <c>rtsp+http://</c>, and their TLS forms) from a second
/// in-process server that ffmpeg publishes to; ffprobe reads the pulling server.
/// </summary>
public sealed class RtspTunnelSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rtsp-tunnel-src-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("rtsp+ws", "websocket")]
    [InlineData("rtsp+http", "http")]
    public async Task Source_Tunnelled_PullsUpstreamAndReaderDecodes(string scheme, string tunnel)
    {
        await using var upstream = await RtspTestServer.StartAsync();
        await using var publisher = RtspClients.Publish(upstream.Url + "/up", "tcp");
        await upstream.WaitReadyAsync("up", RtspClients.Timeout, publisher);

        // rtspTransport udp is overridden: a tunnel carries the media interleaved.
        var conf = TestPaths.Conf(new PathConf
        {
            Name = "proxied",
            Source = $"{scheme}://127.0.0.1:{upstream.Server.BoundEndPoint!.Port}/up",
            RtspTransport = "udp",
        });
        await using var downstream = await RtspTestServer.StartAsync(conf: conf, sources: new RtspSourceFactory(TimeSpan.FromSeconds(10)));
        await downstream.WaitReadyAsync("proxied", RtspClients.Timeout, publisher);

        upstream.Server.Connections.Should().Contain(c => c.Tunnel == tunnel, "the upstream sees the source's connection as tunnelled");
        upstream.Server.Sessions.Should().Contain(s => s.State == "read" && s.Transport == "TCP");
        var streams = await RtspClients.ProbeAsync(downstream.Url + "/proxied", "tcp");

        streams.Should().Contain(s => s.CodecName == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 10, RtspClients.LastLog);
        streams.Should().Contain(s => s.CodecName == "aac" && s.Frames > 10);
    }

    [Theory]
    [InlineData("rtsps+ws", "websocket")]
    [InlineData("rtsps+http", "http")]
    public async Task Source_TunnelledOverTls_TrustedByFingerprint(string scheme, string tunnel)
    {
        var (cert, key, fingerprint) = RtspsTests.WriteSelfSignedPem(_dir);
        await using var upstream = await RtspTestServer.StartAsync(options: new RtspServerOptions { Encryption = RtspEncryption.Optional, ServerCert = cert, ServerKey = key });
        await using var publisher = RtspClients.Publish(upstream.Url + "/up", "tcp", audio: null);
        await upstream.WaitReadyAsync("up", RtspClients.Timeout, publisher);

        var conf = TestPaths.Conf(new PathConf
        {
            Name = "proxied",
            Source = $"{scheme}://127.0.0.1:{upstream.Server.RtspsBoundEndPoint!.Port}/up",
            SourceFingerprint = fingerprint,
        });
        await using var downstream = await RtspTestServer.StartAsync(conf: conf, sources: new RtspSourceFactory(TimeSpan.FromSeconds(10)));
        await downstream.WaitReadyAsync("proxied", RtspClients.Timeout, publisher);

        upstream.Server.Connections.Should().Contain(c => c.Tunnel == tunnel && c.IsTls);
        var streams = await RtspClients.ProbeAsync(downstream.Url + "/proxied", "tcp");

        streams.Should().Contain(s => s.CodecName == "h264" && s.Width == 320 && s.Frames > 10, RtspClients.LastLog);
    }
}
