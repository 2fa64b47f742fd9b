using System.Text.Json;
using FluentAssertions;
using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Tests.Core;
using Xunit;

namespace MediaBroker.Tests.Protocols.Srt;

public sealed class SrtServerTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly string _dir = Directory.CreateTempSubdirectory("srt-test").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task FfmpegPublish_FfmpegRead_GetsH264AndAac()
    {
        await using var srt = await SrtTestServer.StartAsync();
        await using var publisher = srt.Publish("publish:cam");
        await srt.WaitReadyAsync("cam", Timeout);

        var output = Path.Combine(_dir, "read.ts");
        var (code, stderr) = await SrtTestServer.RunAsync("ffmpeg", Timeout, "-hide_banner", "-loglevel", "error",
            "-i", srt.Url("read:cam"), "-c", "copy", "-t", "2", "-f", "mpegts", output);
        code.Should().Be(0, stderr);

        var streams = await ProbeAsync(output);
        streams.Should().Contain(s => s.Codec == "h264" && s.Width == 160 && s.Height == 120 && s.Frames >= 25);
        streams.Should().Contain(s => s.Codec == "aac" && s.Frames >= 40);
    }

    /// <summary>
    /// A reader's socket gets libsrt's smallest receive buffer and flight window (it receives only ACKs and NAKs),
    /// which libsrt reports as the bytes still free in the receive buffer; the reader still gets every frame.
    /// </summary>
    [RequiresFfmpegFact]
    public async Task Reader_SmallReceiveBuffer_PublisherKeepsDefault_ReaderGetsMedia()
    {
        await using var srt = await SrtTestServer.StartAsync();
        await using var publisher = srt.Publish("publish:cam");
        await srt.WaitReadyAsync("cam", Timeout);

        var output = Path.Combine(_dir, "small-rcvbuf.ts");
        var read = SrtTestServer.RunAsync("ffmpeg", Timeout, "-hide_banner", "-loglevel", "error",
            "-i", srt.Url("read:cam"), "-c", "copy", "-t", "3", "-f", "mpegts", output);
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline && !srt.Server.Connections.Any(c => c.State == "read" && c.BytesSent > 0) && !read.IsCompleted)
        {
            await Task.Delay(20);
        }

        var connections = srt.Server.Connections;
        var reader = connections.Should().ContainSingle(c => c.State == "read").Subject;
        var publishing = connections.Should().ContainSingle(c => c.State == "publish").Subject;
        // 32 packets of at most 1500 bytes against libsrt's default of 8192.
        reader.BytesAvailReceiveBuf.Should().BeInRange(1, 32 * 1500);
        publishing.BytesAvailReceiveBuf.Should().BeGreaterThan(1024 * 1024);

        var (code, stderr) = await read;
        code.Should().Be(0, stderr);
        var streams = await ProbeAsync(output);
        streams.Should().Contain(s => s.Codec == "h264" && s.Width == 160 && s.Height == 120 && s.Frames >= 35);
        streams.Should().Contain(s => s.Codec == "aac" && s.Frames >= 55);
    }

    [Fact]
    public async Task StandardStreamId_PublishAndRead_Works()
    {
        await using var srt = await SrtTestServer.StartAsync();
        await using var publisher = srt.Publish("#!::r=live/cam,m=publish");
        await srt.WaitReadyAsync("live/cam", Timeout);

        var output = Path.Combine(_dir, "std.ts");
        var (code, stderr) = await SrtTestServer.RunAsync("ffmpeg", Timeout, "-hide_banner", "-loglevel", "error",
            "-i", srt.Url("#!::r=live/cam,m=request"), "-c", "copy", "-t", "1", "-f", "mpegts", output);
        code.Should().Be(0, stderr);
        (await ProbeAsync(output)).Should().Contain(s => s.Codec == "h264");
    }

    [Fact]
    public async Task SrtLiveTransmit_Read_GetsTransportStream()
    {
        await using var srt = await SrtTestServer.StartAsync();
        await using var publisher = srt.Publish("publish:cam");
        await srt.WaitReadyAsync("cam", Timeout);

        var output = Path.Combine(_dir, "slt.ts");
        await using (var slt = ExternalProcess.Start("sh", ["-c", $"exec srt-live-transmit -q '{srt.Url("read:cam")}' file://con > '{output}'"]))
        {
            var deadline = DateTime.UtcNow + Timeout;
            while (DateTime.UtcNow < deadline && (!File.Exists(output) || new FileInfo(output).Length < 60_000))
            {
                slt.HasExited.Should().BeFalse(slt.Output);
                await Task.Delay(50);
            }
        }

        var streams = await ProbeAsync(output);
        streams.Should().Contain(s => s.Codec == "h264" && s.Width == 160);
        streams.Should().Contain(s => s.Codec == "aac");
    }

    [Fact]
    public async Task Passphrase_RequiredAndChecked()
    {
        var conf = TestPaths.Conf(new PathConf { Name = "secure", SrtPublishPassphrase = "correct-horse-battery" });
        await using var srt = await SrtTestServer.StartAsync(conf);

        await using (var none = srt.Publish("publish:secure"))
        {
            (await none.WaitForExitAsync(Timeout)).Should().NotBe(0);
        }

        await using (var wrong = srt.Publish("publish:secure", "&passphrase=wrong-passphrase-123"))
        {
            (await wrong.WaitForExitAsync(Timeout)).Should().NotBe(0);
        }

        srt.Paths.Find("secure")?.IsReady.Should().NotBe(true);
        await using var right = srt.Publish("publish:secure", "&passphrase=correct-horse-battery");
        await srt.WaitReadyAsync("secure", Timeout);
    }

    [Theory]
    [InlineData("publish:cam:user:wrong")]
    [InlineData("publish:cam")]
    [InlineData("bogus:cam")]
    [InlineData("publish:/cam")]
    public async Task Handshake_RefusedCallers_ExitQuickly(string streamId)
    {
        await using var srt = await SrtTestServer.StartAsync(auth: new CredentialsAuthorizer("user", "pass"));
        await using var publisher = srt.Publish(streamId);
        (await publisher.WaitForExitAsync(TimeSpan.FromSeconds(10))).Should().NotBe(0);
        publisher.Output.Should().Contain("reject", "the handshake itself is refused");
        srt.Server.Connections.Should().BeEmpty();
    }

    [Fact]
    public async Task SlowAuthDenial_ConnectionClosedBeforeMedia()
    {
        await using var srt = await SrtTestServer.StartAsync(auth: new SlowDenyAuthorizer());
        await using var publisher = srt.Publish("publish:cam:user:wrong");
        (await publisher.WaitForExitAsync(Timeout)).Should().NotBe(0);
        srt.Paths.Find("cam")?.IsReady.Should().NotBe(true);
    }

    [Fact]
    public async Task Handshake_RightCredentials_Publishes()
    {
        await using var srt = await SrtTestServer.StartAsync(auth: new CredentialsAuthorizer("user", "pass"));
        await using var publisher = srt.Publish("publish:cam:user:pass");
        await srt.WaitReadyAsync("cam", Timeout);
    }

    [Fact]
    public async Task Connections_ShowStatistics_AndKickCloses()
    {
        await using var srt = await SrtTestServer.StartAsync();
        await using var publisher = srt.Publish("publish:cam");
        var stream = await srt.WaitReadyAsync("cam", Timeout);

        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline && srt.Server.Connections.FirstOrDefault()?.PacketsReceived is null or < 20)
        {
            await Task.Delay(20);
        }

        var conn = srt.Server.Connections.Should().ContainSingle().Subject;
        conn.State.Should().Be("publish");
        conn.Path.Should().Be("cam");
        conn.RemoteAddr.Should().StartWith("127.0.0.1:");
        conn.BytesReceived.Should().BeGreaterThan(0UL);
        conn.MsRTT.Should().BeGreaterThanOrEqualTo(0);
        JsonSerializer.Serialize(conn, new JsonSerializerOptions(JsonSerializerDefaults.Web)).Should().Contain("\"msRTT\"").And.Contain("\"packetsReceived\"");

        srt.Server.Kick(conn.Id).Should().BeTrue();
        while (DateTime.UtcNow < deadline && !stream.IsClosed)
        {
            await Task.Delay(20);
        }

        stream.IsClosed.Should().BeTrue();
    }

    private static async Task<List<(string Codec, int Width, int Height, int Frames)>> ProbeAsync(string file)
    {
        var (code, stdout) = await SrtTestServer.RunAsync("ffprobe", Timeout, "-v", "quiet", "-count_frames",
            "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "json", file);
        code.Should().Be(0, stdout);
        using var doc = JsonDocument.Parse(stdout[stdout.IndexOf('{', StringComparison.Ordinal)..]);
        var list = new List<(string, int, int, int)>();
        foreach (var s in doc.RootElement.GetProperty("streams").EnumerateArray())
        {
            list.Add((
                s.GetProperty("codec_name").GetString()!,
                s.TryGetProperty("width", out var w) ? w.GetInt32() : 0,
                s.TryGetProperty("height", out var h) ? h.GetInt32() : 0,
                s.TryGetProperty("nb_read_frames", out var f) ? int.Parse(f.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : 0));
        }

        return list;
    }

    /// <summary>Answers "denied" only after a pause, as the auth service does to slow brute force.</summary>
    private sealed class SlowDenyAuthorizer : IPathAuthorizer
    {
        public async ValueTask<AuthDecision> AuthorizeAsync(AccessRequest access, PathAction action, CancellationToken ct)
        {
            await Task.Delay(200, ct);
            return AuthDecision.Denied;
        }
    }

    /// <summary>Allows one user/password, asks for credentials when none are given, denies the rest at once.</summary>
    private sealed class CredentialsAuthorizer(string user, string pass) : IPathAuthorizer
    {
        public ValueTask<AuthDecision> AuthorizeAsync(AccessRequest access, PathAction action, CancellationToken ct) =>
            ValueTask.FromResult(
                !access.HasCredentials ? AuthDecision.CredentialsRequired
                : access.User == user && access.Password == pass ? AuthDecision.Allowed
                : AuthDecision.Denied);
    }
}
