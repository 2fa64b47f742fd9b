using System.Diagnostics;
using FluentAssertions;
using MediaBroker.Core;
using MediaBroker.Media;
using MediaBroker.Protocols.Rtmp;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtmp;

public sealed class RtmpServerTests
{
    [Fact]
    public async Task Publish_FfmpegThenRead_ReaderDecodesH264AndAac()
    {
        await using var server = await RtmpTestServer.StartAsync();
        await using var publisher = Ffmpeg.Publish($"{server.Url}/live/cam");
        await server.WaitReadyAsync("live/cam", Ffmpeg.Timeout);

        var path = server.Paths.Find("live/cam")!;
        path.Stream!.Tracks.Select(t => t.Codec.Name).Should().Equal("H264", "MPEG-4 Audio");
        var connection = server.Server.Connections.Should().ContainSingle().Subject;
        connection.State.Should().Be("publish");
        connection.Path.Should().Be("live/cam");
        server.Server.ReadsContinuously(connection.Id).Should().BeTrue("a publisher's socket reads without a zero-byte wait");

        await using var reader = Ffmpeg.Read($"{server.Url}/live/cam", 30);
        await reader.WaitForExitAsync(Ffmpeg.Timeout);

        reader.ExitCode.Should().Be(0, reader.StandardError);
        reader.StandardError.Should().MatchRegex(@"Video: h264.*320x240");
        reader.StandardError.Should().Contain("Audio: aac");
        Ffmpeg.FramesDecoded(reader.StandardError).Should().Be(30);
    }

    [Fact]
    public async Task Read_OneReaderStalls_OtherReaderAndPublisherUnaffected()
    {
        await using var server = await RtmpTestServer.StartAsync(options: new RtmpServerOptions { WriteTimeout = TimeSpan.FromSeconds(2) });
        await using var publisher = Ffmpeg.Publish($"{server.Url}/stall");
        await server.WaitReadyAsync("stall", Ffmpeg.Timeout);

        await using var stalled = Ffmpeg.Read($"{server.Url}/stall", 100000);
        await WaitForAsync(() => server.Server.Connections.Any(c => c.State == "read"));
        server.Server.ReadsContinuously(server.Server.Connections.Single(c => c.State == "read").Id)
            .Should().BeFalse("a player's socket waits with zero-byte reads and holds no buffer while idle");
        Signal("STOP", stalled);
        try
        {
            await using var reader = Ffmpeg.Read($"{server.Url}/stall", 75);
            await reader.WaitForExitAsync(Ffmpeg.Timeout);

            reader.ExitCode.Should().Be(0, reader.StandardError);
            Ffmpeg.FramesDecoded(reader.StandardError).Should().Be(75);
            publisher.HasExited.Should().BeFalse(publisher.StandardError);
            server.Paths.Find("stall")!.IsReady.Should().BeTrue();
        }
        finally
        {
            Signal("CONT", stalled);
        }
    }

    [Fact]
    public async Task Publish_CredentialsInQuery_AcceptedOrRefused()
    {
        await using var server = await RtmpTestServer.StartAsync(new UserAuthorizer("alice", "secret"));

        await using (var wrong = Ffmpeg.Publish($"{server.Url}/live/auth?user=alice&pass=wrong", 5))
        {
            await wrong.WaitForExitAsync(Ffmpeg.Timeout);
            wrong.ExitCode.Should().NotBe(0);
            server.Paths.Find("live/auth").Should().BeNull();
        }

        await using var publisher = Ffmpeg.Publish($"{server.Url}/live/auth?user=alice&pass=secret");
        await server.WaitReadyAsync("live/auth", Ffmpeg.Timeout);
        var info = server.Server.Connections.Should().ContainSingle().Subject;
        info.User.Should().Be("alice");
        info.Query.Should().Be("user=alice&pass=secret");

        await using var reader = Ffmpeg.Read($"{server.Url}/live/auth?user=alice&pass=secret", 10);
        await reader.WaitForExitAsync(Ffmpeg.Timeout);
        reader.ExitCode.Should().Be(0, reader.StandardError);

        await using var refused = Ffmpeg.Read($"{server.Url}/live/auth", 10);
        await refused.WaitForExitAsync(Ffmpeg.Timeout);
        refused.ExitCode.Should().NotBe(0);
    }

    [Fact]
    public async Task Kick_Publisher_ConnectionClosesAndPathEnds()
    {
        await using var server = await RtmpTestServer.StartAsync();
        await using var publisher = Ffmpeg.Publish($"{server.Url}/kick");
        await server.WaitReadyAsync("kick", Ffmpeg.Timeout);

        var id = server.Server.Connections.Single().Id;
        server.Server.Kick(id).Should().BeTrue();

        await WaitForAsync(() => server.Server.Connections.Count == 0 && server.Paths.Find("kick") is not { IsReady: true });
        server.Server.Kick(id).Should().BeFalse();
    }

    [Fact]
    public async Task Read_UnitsFromAnotherProtocol_FfmpegDecodes()
    {
        await using var server = await RtmpTestServer.StartAsync();
        var (demuxer, units) = Formats.Flv.FlvTestFiles.Demux("h264_aac.flv");
        var peer = new TestPaths.Peer("rtspSession");
        var lease = (await server.Paths.AddPublisherAsync(TestPaths.Access("other"), peer, CancellationToken.None)).Value!;
        var stream = lease.StartStream(demuxer.Tracks!);

        using var stop = new CancellationTokenSource();
        var feeding = Task.Run(async () =>
        {
            // Loop the one-second file in real time, as an RTSP publisher would deliver it.
            for (var loop = 0L; !stop.IsCancellationRequested; loop++)
            {
                foreach (var u in units)
                {
                    var offset = loop * u.Track.ClockRate;
                    stream.WriteUnit(new Unit
                    {
                        Track = u.Track, Pts = u.Pts + offset, Dts = u.Dts + offset, IsRandomAccess = u.IsRandomAccess,
                        NtpTime = DateTime.UtcNow, Payloads = u.Payloads,
                    });
                    if (u.Track.Id == 0)
                    {
                        await Task.Delay(40);
                    }
                }
            }
        });

        try
        {
            await using var reader = Ffmpeg.Read($"{server.Url}/other", 40);
            await reader.WaitForExitAsync(Ffmpeg.Timeout);
            reader.ExitCode.Should().Be(0, reader.StandardError);
            reader.StandardError.Should().MatchRegex(@"Video: h264.*160x120");
            Ffmpeg.FramesDecoded(reader.StandardError).Should().Be(40);
        }
        finally
        {
            await stop.CancelAsync();
            await feeding;
            lease.Dispose();
        }
    }

    private static void Signal(string signal, ToolProcess process)
    {
        using var kill = Process.Start("/bin/kill", $"-{signal} {process.ProcessId}");
        kill.WaitForExit(5000);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Ffmpeg.Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met");
            }

            await Task.Delay(50);
        }
    }

    private sealed class UserAuthorizer(string user, string pass) : IPathAuthorizer
    {
        public ValueTask<AuthDecision> AuthorizeAsync(AccessRequest access, PathAction action, CancellationToken ct) =>
            ValueTask.FromResult(
                !access.HasCredentials ? AuthDecision.CredentialsRequired
                : access.User == user && access.Password == pass ? AuthDecision.Allowed
                : AuthDecision.Denied);
    }
}
