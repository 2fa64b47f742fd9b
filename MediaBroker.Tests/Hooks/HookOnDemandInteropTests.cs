using System.Net;
using FluentAssertions;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Hooks;
using MediaBroker.Protocols.Rtsp;
using MediaBroker.Tests.Core;
using MediaBroker.Tests.Protocols.Rtsp;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Hooks;

public sealed class HookOnDemandInteropTests
{
    [Fact]
    public async Task RunOnDemand_FfmpegPublishesWhenRtspReaderArrives_StoppedAfterItLeaves()
    {
        BrokerConf conf = TestPaths.Conf(new PathConf
        {
            Name = "ondemand",
            RunOnDemand = "/usr/bin/ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc2=size=320x240:rate=25 "
                + "-c:v libx264 -preset ultrafast -tune zerolatency -g 25 -f rtsp -rtsp_transport tcp rtsp://127.0.0.1:$RTSP_PORT/$MTX_PATH",
            RunOnDemandStartTimeout = TimeSpan.FromSeconds(20),
            RunOnDemandCloseAfter = TimeSpan.FromMilliseconds(200),
        });
        var current = conf;
        await using var hooks = new HookManager(() => current, NullLogger<HookManager>.Instance, new HookTimings(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)));
        using var paths = new PathManager(conf, new TestPaths.AllowAllAuthorizer(), NullLoggerFactory.Instance, [], hooks);
        await using var server = new RtspServer(paths, NullLoggerFactory.Instance, new RtspServerOptions
        {
            Address = new IPEndPoint(IPAddress.Loopback, 0),
            RtspsAddress = new IPEndPoint(IPAddress.Loopback, 0),
            RtpAddress = new IPEndPoint(IPAddress.Loopback, 0),
            RtcpAddress = new IPEndPoint(IPAddress.Loopback, 0),
        });
        await server.StartAsync(CancellationToken.None);
        current = conf with { RtspAddress = $"127.0.0.1:{server.BoundEndPoint!.Port}" };

        var streams = await RtspClients.ProbeAsync($"rtsp://127.0.0.1:{server.BoundEndPoint.Port}/ondemand", seconds: 1);
        streams.Should().ContainSingle(s => s.CodecType == "video" && s.CodecName == "h264" && s.Width == 320 && s.Height == 240 && s.Frames > 0);

        // The reader is gone: after runOnDemandCloseAfter the hook gets SIGINT and ffmpeg's publisher leaves.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (paths.Find("ondemand")?.IsReady == true || hooks.RunningCount > 0)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "ffmpeg should be stopped once the reader left");
            await Task.Delay(50);
        }
    }
}
