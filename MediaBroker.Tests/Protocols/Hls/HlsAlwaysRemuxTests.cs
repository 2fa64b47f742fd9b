using System.Diagnostics;
using System.Net;
using FluentAssertions;
using MediaBroker.Core;
using MediaBroker.Media;
using MediaBroker.Protocols.Hls;
using MediaBroker.Tests.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Protocols.Hls;

public sealed class HlsAlwaysRemuxTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task StreamReady_AlwaysRemux_MuxerStartsWithoutRequestAndFollowsTheStream()
    {
        using var paths = TestPaths.Manager();
        var server = new HlsServer(paths, NullLoggerFactory.Instance);
        await server.StartAsync(new HlsServerOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0), AlwaysRemux = true }, CancellationToken.None);
        try
        {
            var lease = await PublishAsync(paths, "cam", seconds: 2);
            await PollAsync(() => server.Muxers.Any(m => m.Path == "cam"));
            server.Muxers.Should().ContainSingle(m => m.Path == "cam");

            lease.Dispose();
            await PollAsync(() => server.Muxers.Count == 0);

            // A new publisher on the same path: a new muxer, still without any viewer.
            using var again = await PublishAsync(paths, "cam", seconds: 1);
            await PollAsync(() => server.Muxers.Any(m => m.Path == "cam"));
        }
        finally
        {
            await server.StopAsync(CancellationToken.None).WaitAsync(Deadline);
        }
    }

    [Fact]
    public async Task StartAsync_AlwaysRemux_StreamAlreadyLive_GetsAMuxer()
    {
        using var paths = TestPaths.Manager();
        using var lease = await PublishAsync(paths, "early", seconds: 1);
        var server = new HlsServer(paths, NullLoggerFactory.Instance);
        await server.StartAsync(new HlsServerOptions { Endpoint = new IPEndPoint(IPAddress.Loopback, 0), AlwaysRemux = true }, CancellationToken.None);
        try
        {
            await PollAsync(() => server.Muxers.Any(m => m.Path == "early"));
        }
        finally
        {
            await server.StopAsync(CancellationToken.None).WaitAsync(Deadline);
        }
    }

    /// <summary>Publishes synthetic H264 + AAC on <paramref name="path"/> and writes <paramref name="seconds"/> of 25 fps video.</summary>
    internal static async Task<PublisherLease> PublishAsync(PathManager paths, string path, int seconds)
    {
        var tracks = TestPaths.H264AndAac();
        var r = await paths.AddPublisherAsync(TestPaths.Access(path), new TestPaths.Peer(), CancellationToken.None).AsTask().WaitAsync(Deadline);
        var stream = r.Value!.StartStream(tracks);
        WriteFrames(stream, tracks, 0, seconds * 25);
        return r.Value!;
    }

    internal static void WriteFrames(MediaStream stream, Track[] tracks, int from, int count)
    {
        for (var f = from; f < from + count; f++)
        {
            var pts = (long)f * HlsTestUnits.FrameTicks;
            stream.WriteUnit(TestPaths.Video(tracks[0], pts, f % 25 == 0));
        }
    }

    internal static async Task PollAsync(Func<bool> condition)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            sw.Elapsed.Should().BeLessThan(Deadline, "the condition should hold before the deadline");
            await Task.Delay(20);
        }
    }
}
