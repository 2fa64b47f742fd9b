using FluentAssertions;
using MediaBroker.Core;
using MediaBroker.Protocols.Rtsp.Client;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp.Client;

/// <summary>The RTSP(S) pusher against the real broker as the destination, fed by a live ffmpeg-made stream.</summary>
public sealed class RtspPusherTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly string DestinationConf = BrokerProcess.LoopbackListeners + """
        api: yes
        rtspAuthMethods: [digest]
        authInternalUsers:
        - user: pusher
          pass: secret
          permissions:
          - action: publish
        - user: any
          pass:
          permissions:
          - action: read
          - action: api
        paths:
          dest:

        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("rtsp-push-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [RequiresFfmpegFact]
    public async Task RunAsync_WithDigestCredentials_DestinationServesDecodableH264AndAac_ReturnsWhenStreamEnds()
    {
        await using var destination = await BrokerProcess.StartAsync(DestinationConf);
        var rtsp = await destination.ListenerAsync("RTSP");
        await using var live = await LiveTestStream.StartAsync(Timeout);
        var push = Push(live.Stream, $"rtsp://pusher:secret@127.0.0.1:{rtsp.Port}/dest");

        await push.Sending.WaitAsync(Timeout);
        var streams = await MediaTools.ProbeWhenReadyAsync($"rtsp://127.0.0.1:{rtsp.Port}/dest", Timeout, 2, "-rtsp_transport", "tcp");

        streams.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Frames > 10);
        streams.Should().Contain(s => s.Codec == "aac" && s.SampleRate == 44100 && s.Frames > 10);
        push.Context.OutboundBytes.Should().BeGreaterThan(10_000);

        // Sender reports: one per track every 5 s, on the interleaved RTCP channels.
        var api = await destination.ListenerAsync("API");
        var session = await PollPublishSessionAsync($"http://127.0.0.1:{api.Port}/v3/rtspsessions/list", s => s["inboundRTCPPackets"]!.GetValue<long>() >= 2);
        session["transport"]!.GetValue<string>().Should().Be("TCP");
        session["inboundRTPPackets"]!.GetValue<long>().Should().BeGreaterThan(100);

        live.Stream.Close();
        await push.Run.WaitAsync(TimeSpan.FromSeconds(10));
        await destination.Process.WaitForLineAsync(l => l.Contains("destroyed: torn down by the client", StringComparison.Ordinal), Timeout);
    }

    [RequiresFfmpegFact]
    public async Task RunAsync_DestinationRefuses_ThrowsWithTheStatus()
    {
        await using var destination = await BrokerProcess.StartAsync(DestinationConf);
        var rtsp = await destination.ListenerAsync("RTSP");
        await using var live = await LiveTestStream.StartAsync(Timeout);

        var wrongPassword = Push(live.Stream, $"rtsp://pusher:wrong@127.0.0.1:{rtsp.Port}/dest");
        var noCredentials = Push(live.Stream, $"rtsp://127.0.0.1:{rtsp.Port}/dest");
        var unknownPath = Push(live.Stream, $"rtsp://pusher:secret@127.0.0.1:{rtsp.Port}/elsewhere");

        (await wrongPassword.Run.Invoking(t => t.WaitAsync(Timeout)).Should().ThrowAsync<InvalidDataException>())
            .WithMessage("the destination answered ANNOUNCE with 401 *");
        (await noCredentials.Run.Invoking(t => t.WaitAsync(Timeout)).Should().ThrowAsync<InvalidDataException>())
            .WithMessage("the destination answered ANNOUNCE with 401 *");
        (await unknownPath.Run.Invoking(t => t.WaitAsync(Timeout)).Should().ThrowAsync<InvalidDataException>())
            .WithMessage("the destination answered ANNOUNCE with 4* *");
        wrongPassword.Sending.IsCompleted.Should().BeFalse();
        unknownPath.Sending.IsCompleted.Should().BeFalse();
    }

    [RequiresFfmpegFact]
    public async Task RunAsync_DestinationKilled_ThrowsWithinSeconds()
    {
        await using var live = await LiveTestStream.StartAsync(Timeout);
        var (push, sinceKill) = await PushRun.StartThenKillDestinationAsync(
            await BrokerProcess.StartAsync(DestinationConf), Factory(), live.Stream,
            async d => $"rtsp://pusher:secret@127.0.0.1:{(await d.ListenerAsync("RTSP")).Port}/dest", "dest", Timeout);

        await push.Run.Invoking(t => t.WaitAsync(TimeSpan.FromSeconds(15))).Should().ThrowAsync<IOException>();
        sinceKill.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
    }

    [RequiresFfmpegFact]
    public async Task RunAsync_Rtsps_PinnedFingerprintIsTrusted_OtherFingerprintIsRefused()
    {
        var (cert, key, fingerprint) = RtspsTests.WriteSelfSignedPem(_dir);
        await using var destination = await BrokerProcess.StartAsync(DestinationConf + $"""
            rtspEncryption: optional
            rtspServerCert: {cert}
            rtspServerKey: {key}

            """);
        var rtsps = await destination.ListenerAsync("RTSPS");
        var rtsp = await destination.ListenerAsync("RTSP");
        await using var live = await LiveTestStream.StartAsync(Timeout);
        var url = $"rtsps://pusher:secret@127.0.0.1:{rtsps.Port}/dest";

        var unpinned = Push(live.Stream, url);
        var wrong = Push(live.Stream, url, new string('A', 64));
        (await unpinned.Run.Invoking(t => t.WaitAsync(Timeout)).Should().ThrowAsync<System.Security.Authentication.AuthenticationException>())
            .WithMessage("the destination's TLS certificate is not valid*");
        (await wrong.Run.Invoking(t => t.WaitAsync(Timeout)).Should().ThrowAsync<System.Security.Authentication.AuthenticationException>())
            .WithMessage("the destination's TLS certificate does not match the fingerprint");

        // Colons and lower case, as a user may paste it.
        var pinned = Push(live.Stream, url, string.Join(':', fingerprint.ToLowerInvariant().Chunk(2).Select(c => new string(c))));
        await pinned.Sending.WaitAsync(Timeout);
        var streams = await MediaTools.ProbeWhenReadyAsync($"rtsp://127.0.0.1:{rtsp.Port}/dest", Timeout, 2, "-rtsp_transport", "tcp");
        streams.Should().Contain(s => s.Codec == "h264" && s.Frames > 10);
        streams.Should().Contain(s => s.Codec == "aac" && s.Frames > 10);
        await pinned.StopAsync();
    }

    [RequiresFfmpegFact]
    public async Task RunAsync_ToFfmpegRtspListener_FfmpegRecordsH264AndAac()
    {
        // An independent server: ffmpeg's RTSP listen mode takes ANNOUNCE/SETUP/RECORD over TCP.
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        var file = Path.Combine(_dir, "received.mkv");
        await using var ffmpeg = ExternalProcess.Start("/usr/bin/ffmpeg",
        [
            "-nostdin", "-hide_banner", "-loglevel", "warning", "-rtsp_flags", "listen", "-rtsp_transport", "tcp", "-listen_timeout", "30",
            "-i", $"rtsp://127.0.0.1:{port}/live", "-c", "copy", "-t", "4", "-y", file,
        ]);
        await using var live = await LiveTestStream.StartAsync(Timeout);

        // ffmpeg listens a moment after it starts: retry as the forward engine does.
        PushRun push;
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            push = Push(live.Stream, $"rtsp://127.0.0.1:{port}/live");
            if (await Task.WhenAny(push.Sending, push.Run, Task.Delay(Timeout)) == push.Sending)
            {
                break;
            }

            push.Run.IsFaulted.Should().BeTrue();
            (push.Run.Exception!.InnerException is System.Net.Sockets.SocketException && DateTime.UtcNow < deadline).Should().BeTrue(push.Run.Exception.ToString());
            await Task.Delay(200);
        }

        (await ffmpeg.WaitForExitAsync(Timeout)).Should().Be(0, ffmpeg.Output);
        var streams = await MediaTools.ProbeAsync(file, 10);
        streams.Should().Contain(s => s.Codec == "h264" && s.Width == 320 && s.Frames > 50);
        streams.Should().Contain(s => s.Codec == "aac" && s.SampleRate == 44100 && s.Frames > 50);
        await push.Run.Invoking(t => t.WaitAsync(Timeout)).Should().ThrowAsync<IOException>("ffmpeg closed the connection once it had recorded enough");
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> PollPublishSessionAsync(string url, Func<System.Text.Json.Nodes.JsonNode, bool> done)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var items = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync(new Uri(url)))!["items"]!.AsArray();
            var session = items.FirstOrDefault(i => i!["state"]!.GetValue<string>() == "publish" && i["path"]!.GetValue<string>() == "dest");
            if (session is not null && done(session))
            {
                return session;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, "{0} never matched; last: {1}", url, items.ToJsonString());
            await Task.Delay(200);
        }
    }

    private static RtspPusherFactory Factory() =>
        new(() => new RtspPusherOptions { ReadTimeout = TimeSpan.FromSeconds(10), WriteTimeout = TimeSpan.FromSeconds(5) });

    private static PushRun Push(MediaStream stream, string url, string fingerprint = "") => PushRun.Start(Factory(), stream, url, fingerprint);
}
