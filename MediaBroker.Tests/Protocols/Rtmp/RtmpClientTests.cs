using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Protocols.Rtmp;
using MediaBroker.Tests.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtmp;

public sealed class RtmpClientTests
{
    [Fact]
    public async Task PlayAsync_FfmpegPublisher_ReceivesMetadataAndSequenceHeaders()
    {
        await using var server = await RtmpTestServer.StartAsync();
        await using var publisher = Ffmpeg.Publish($"{server.Url}/live/cam");
        await server.WaitReadyAsync("live/cam", Ffmpeg.Timeout);
        using var cts = new CancellationTokenSource(Ffmpeg.Timeout);

        await using var client = await RtmpClient.ConnectAsync($"{server.Url}/live/cam", cts.Token);
        await client.PlayAsync(cts.Token);

        var dataNames = new List<object?>();
        RtmpMessage video;
        while ((video = (await client.ReadMediaAsync(cts.Token))!.Value).Type == RtmpMessageType.DataAmf0)
        {
            dataNames.Add(MediaBroker.Formats.Amf.Amf0Reader.ReadAll(video.Payload.Span)[0]);
        }

        dataNames.Should().Equal("|RtmpSampleAccess", "onMetaData");
        video.Type.Should().Be(RtmpMessageType.Video);
        video.Payload.Span[..2].ToArray().Should().Equal(0x17, 0x00); // AVC key frame, sequence header
        server.Server.Connections.Should().Contain(c => c.State == "read" && c.UserAgent == "LNX 9,0,124,2");
    }

    [Fact]
    public async Task CallAsync_UnknownCommand_Error()
    {
        await using var server = await RtmpTestServer.StartAsync();
        using var cts = new CancellationTokenSource(Ffmpeg.Timeout);
        await using var client = await RtmpClient.ConnectAsync($"{server.Url}/live/x", cts.Token);

        var act = () => client.CallAsync("noSuchCommand", null, cts.Token);

        (await act.Should().ThrowAsync<RtmpProtocolException>()).WithMessage("*unknown command 'noSuchCommand'*");
    }

    [Fact]
    public async Task PlayAsync_NoPublisher_RefusedWithStreamNotFound()
    {
        await using var server = await RtmpTestServer.StartAsync();
        using var cts = new CancellationTokenSource(Ffmpeg.Timeout);
        await using var client = await RtmpClient.ConnectAsync($"{server.Url}/live/none", cts.Token);

        var act = () => client.PlayAsync(cts.Token);

        (await act.Should().ThrowAsync<RtmpProtocolException>()).WithMessage("*NetStream.Play.StreamNotFound*");
    }

    [Fact]
    public async Task RtmpSource_PullsIntoAnotherServer_FfmpegReadsIt()
    {
        await using var upstream = await RtmpTestServer.StartAsync();
        await using var publisher = Ffmpeg.Publish($"{upstream.Url}/live/cam");
        await upstream.WaitReadyAsync("live/cam", Ffmpeg.Timeout);

        var conf = TestPaths.Conf(new PathConf { Name = "proxy", Source = $"{upstream.Url}/live/cam" }, new PathConf { Name = "all_others" });
        using var paths = TestPaths.Manager(conf, null, new RtmpSourceFactory());
        await using var edge = new RtmpServer(new RtmpServerOptions { Address = new IPEndPoint(IPAddress.Loopback, 0) }, paths, NullLoggerFactory.Instance);
        await edge.StartAsync(CancellationToken.None);

        var deadline = DateTime.UtcNow + Ffmpeg.Timeout;
        while (paths.Find("proxy") is not { IsReady: true } && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        paths.Find("proxy")!.Stream!.Tracks.Select(t => t.Codec.Name).Should().Equal("H264", "MPEG-4 Audio");
        await using var reader = Ffmpeg.Read($"rtmp://127.0.0.1:{edge.BoundEndPoint!.Port}/proxy", 25);
        await reader.WaitForExitAsync(Ffmpeg.Timeout);
        reader.ExitCode.Should().Be(0, reader.StandardError);
        Ffmpeg.FramesDecoded(reader.StandardError).Should().Be(25);
    }

    [Fact]
    public async Task Rtmps_StrictEncryption_FfmpegPublishesAndReads()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await using var server = await RtmpTestServer.StartAsync(options: new RtmpServerOptions { Encryption = RtmpEncryption.Strict, Certificate = certificate });
        server.Server.BoundEndPoint.Should().BeNull();

        await using var publisher = Ffmpeg.Publish($"{server.RtmpsUrl}/secure");
        await server.WaitReadyAsync("secure", Ffmpeg.Timeout);
        server.Server.Connections.Should().ContainSingle().Which.IsTls.Should().BeTrue();

        await using var reader = Ffmpeg.Read($"{server.RtmpsUrl}/secure", 10);
        await reader.WaitForExitAsync(Ffmpeg.Timeout);
        reader.ExitCode.Should().Be(0, reader.StandardError);
        Ffmpeg.FramesDecoded(reader.StandardError).Should().Be(10);
    }
}
