using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluentAssertions;
using MediaBroker.Auth;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Media;
using MediaBroker.Protocols.WebRtc.Client;
using MediaBroker.Tests.Auth;
using MediaBroker.Tests.Core;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;

namespace MediaBroker.Tests.Protocols.WebRtc.Client;

/// <summary>
/// The WHIP pusher against the real broker as the destination: a stream made of real H264 (+ Opus) units is pushed to
/// <c>whip://…/dest/whip</c>, and the destination's API and an ffprobe RTSP read show what arrived.
/// </summary>
public sealed partial class WhipPusherTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Publishing needs user "pub" (password "secret"); anyone may read.</summary>
    private static string AuthConf => """
        authInternalUsers:
        - user: any
          pass:
          permissions:
          - action: read
          - action: api
        - user: pub
          pass: secret
          permissions:
          - action: publish

        """;

    [RequiresFfmpegFact]
    public async Task RunAsync_H264AndOpusToBroker_DestinationReadyWithBothTracksAndDecodable()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "api: yes\n" + AuthConf + "paths:\n  all_others:\n");
        var (whip, api, rtsp) = await EndpointsAsync(broker);
        using var paths = TestPaths.Manager();
        await using var media = await WebRtcTestMedia.PublishAsync(paths, "src");
        media.Stream.SetKeyFrameHandler(() => { }); // counts the destination's PLIs that reach the publisher
        await using var push = Push.Start(new StreamPushTarget($"whip://pub:secret@{whip}/dest/whip"), media.Stream);

        await push.WaitSendingAsync(s_timeout);
        var path = await PollAsync($"{api}/v3/paths/get/dest", p => p?["ready"]?.GetValue<bool>() == true);
        path!["tracks"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("H264", "Opus");
        path["source"]!["type"]!.GetValue<string>().Should().Be("webRTCSession");

        var streams = await MediaTools.ProbeWhenReadyAsync($"rtsp://127.0.0.1:{rtsp}/dest", s_timeout, 3, "-rtsp_transport", "tcp");
        output.WriteLine(string.Join("\n", streams));
        var video = streams.Single(s => s.Type == "video");
        video.Codec.Should().Be("h264");
        (video.Width, video.Height).Should().Be((320, 240));
        video.Frames.Should().BeGreaterThan(25, "ffprobe decoded 3 s of the pushed 25 fps video");
        var audio = streams.Single(s => s.Type == "audio");
        audio.Codec.Should().Be("opus");
        audio.Frames.Should().BeGreaterThan(50, "3 s of 20 ms Opus packets");
        push.Context.OutboundBytes.Should().BeGreaterThan(50_000);
        media.Stream.KeyFrameRequestsForwarded.Should().BeGreaterThan(0, "the destination asks for a key frame (PLI) when our video starts");

        // Stopping deletes the WHIP session (the server would otherwise keep it until its 30 s consent timeout).
        await push.StopAsync();
        await broker.Process.WaitForLineAsync(l => l.Contains("closed: deleted by the client", StringComparison.Ordinal), s_timeout);
        await PollAsync($"{api}/v3/paths/list", p => p!["items"]!.AsArray().All(i => i!["name"]!.GetValue<string>() != "dest" || !i["ready"]!.GetValue<bool>()));
    }

    [RequiresFfmpegFact]
    public async Task RunAsync_H264AndAac_SendsTheVideoAndLogsTheSkippedAudioOnce()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "api: yes\n" + "paths:\n  all_others:\n");
        var (whip, api, rtsp) = await EndpointsAsync(broker);
        using var paths = TestPaths.Manager();
        var lease = (await paths.AddPublisherAsync(TestPaths.Access("src"), new TestPaths.Peer(), CancellationToken.None)).Value!;
        using var _ = lease;
        var au = WebRtcTestMedia.H264AccessUnits();
        var sps = au.SelectMany(a => a).First(n => (n.Span[0] & 0x1F) == 7).ToArray();
        var pps = au.SelectMany(a => a).First(n => (n.Span[0] & 0x1F) == 8).ToArray();
        var stream = lease.StartStream([new Track(0, new H264Codec(sps, pps)), new Track(1, new Mpeg4AudioCodec([0x12, 0x10], 44100, 2))]);
        using var pumping = new CancellationTokenSource();
        var pump = PumpVideoAsync(stream, au, pumping.Token);
        var logger = new ListLogger<WhipPusherTests>();
        await using (var push = Push.Start(new StreamPushTarget($"whip://{whip}/dest/whip"), stream, logger))
        {
            await push.WaitSendingAsync(s_timeout);
            var path = await PollAsync($"{api}/v3/paths/get/dest", p => p?["ready"]?.GetValue<bool>() == true);
            path!["tracks"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("H264");
            var video = (await MediaTools.ProbeWhenReadyAsync($"rtsp://127.0.0.1:{rtsp}/dest", s_timeout, 2, "-rtsp_transport", "tcp")).Single();
            (video.Codec, video.Frames > 10).Should().Be(("h264", true));
        }

        await pumping.CancelAsync();
        await pump;
        logger.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).Should().ContainSingle()
            .Which.Should().Contain("WebRTC cannot carry MPEG-4 Audio");
    }

    [Fact]
    public async Task RunAsync_WrongCredentialsOrToken_ThrowsWithTheHttpStatus()
    {
        await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "api: yes\n" + AuthConf + "paths:\n  all_others:\n");
        var (whip, _, _) = await EndpointsAsync(broker);
        using var paths = TestPaths.Manager();
        await using var media = await WebRtcTestMedia.PublishAsync(paths, "src");

        foreach (var target in (StreamPushTarget[])[new($"whip://pub:wrong@{whip}/dest/whip"), new($"whip://{whip}/dest/whip", BearerToken: "not-a-jwt")])
        {
            var context = new StreamPushContext("src", media.Stream, NullLoggerFor(), () => { });
            var run = () => new WhipPusherFactory().Create(target).RunAsync(context, CancellationToken.None);

            (await run.Should().ThrowAsync<IOException>()).WithMessage("WHIP server answered 401*");
        }
    }

    [Fact]
    public async Task RunAsync_DestinationStopped_ThrowsWithinSeconds()
    {
        var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "api: yes\n" + "paths:\n  all_others:\n");
        using var paths = TestPaths.Manager();
        await using var media = await WebRtcTestMedia.PublishAsync(paths, "src", audio: false);
        Push? push = null;
        var brokerStopped = false;
        try
        {
            var (whip, _, _) = await EndpointsAsync(broker);
            push = Push.Start(new StreamPushTarget($"whip://{whip}/dest/whip"), media.Stream);
            await push.WaitSendingAsync(s_timeout);
            await broker.Process.WaitForLineAsync(l => l.Contains("[path dest] stream is ready", StringComparison.Ordinal), s_timeout);

            brokerStopped = true;
            await broker.DisposeAsync();
            var stopped = Stopwatch.StartNew();
            var ended = await Task.WhenAny(push.Run, Task.Delay(TimeSpan.FromSeconds(30)));

            ended.Should().BeSameAs(push.Run, "the pusher notices that the server is gone");
            stopped.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), "5 s without an answer ends the push");
            (await push.Run.Invoking(t => t).Should().ThrowAsync<IOException>()).WithMessage("*WHIP server*");
        }
        finally
        {
            if (push is not null)
            {
                await push.DisposeAsync();
            }

            if (!brokerStopped)
            {
                await broker.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task RunAsync_WhipsWithFingerprint_PinsTheSelfSignedCertificate()
    {
        var dir = Directory.CreateTempSubdirectory("mb-whips-");
        try
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var self = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256)
                .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "server.crt"), self.ExportCertificatePem());
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "server.key"), key.ExportPkcs8PrivateKeyPem());
            await using var broker = await BrokerProcess.StartAsync(BrokerProcess.LoopbackListeners + "api: yes\n" +
                $"webrtcEncryption: yes\nwebrtcServerCert: {dir.FullName}/server.crt\nwebrtcServerKey: {dir.FullName}/server.key\npaths:\n  all_others:\n");
            var (whip, api, _) = await EndpointsAsync(broker);
            using var paths = TestPaths.Manager();
            await using var media = await WebRtcTestMedia.PublishAsync(paths, "src", audio: false);

            // Without the pin the self-signed certificate is refused.
            var context = new StreamPushContext("src", media.Stream, NullLoggerFor(), () => { });
            var unpinned = () => new WhipPusherFactory().Create(new StreamPushTarget($"whips://{whip}/dest/whip")).RunAsync(context, CancellationToken.None);
            (await unpinned.Should().ThrowAsync<IOException>()).WithMessage("*SSL*");

            var fingerprint = string.Join(':', Convert.ToHexString(SHA256.HashData(self.RawData)).Chunk(2).Select(c => new string(c)));
            await using var push = Push.Start(new StreamPushTarget($"whips://{whip}/dest/whip", Fingerprint: fingerprint.ToLowerInvariant()), media.Stream);
            await push.WaitSendingAsync(s_timeout);
            await PollAsync($"{api}/v3/paths/get/dest", p => p?["ready"]?.GetValue<bool>() == true);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static ILogger NullLoggerFor() => Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    private static async Task PumpVideoAsync(MediaStream stream, IReadOnlyList<ReadOnlyMemory<byte>[]> aus, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(40));
        long frame = 0;
        try
        {
            do
            {
                var au = aus[(int)(frame % aus.Count)];
                stream.WriteUnit(new Unit
                {
                    Track = stream.Tracks[0],
                    Pts = frame * 3600,
                    Dts = frame * 3600,
                    NtpTime = DateTime.UtcNow,
                    IsRandomAccess = au.Any(n => (n.Span[0] & 0x1F) == 5),
                    Payloads = au,
                });
                frame++;
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>The WebRTC HTTP endpoint (host:port), the API base URL and the RTSP port of a started broker.</summary>
    private static async Task<(string Whip, string Api, int Rtsp)> EndpointsAsync(BrokerProcess broker)
    {
        var rtsp = (await broker.ListenerAsync("RTSP")).Port;
        var webrtc = await broker.Process.WaitForLineAsync(l => l.Contains("(ICE/UDP)", StringComparison.Ordinal), BrokerProcess.StartTimeout);
        var api = await broker.Process.WaitForLineAsync(l => l.Contains("[API] listener opened on", StringComparison.Ordinal), BrokerProcess.StartTimeout);
        return (HttpEndPoint().Match(webrtc).Groups[1].Value, "http://" + ApiEndPoint().Match(api).Groups[1].Value, rtsp);
    }

    private async Task<JsonNode?> PollAsync(string url, Func<JsonNode?, bool> done)
    {
        var deadline = DateTime.UtcNow + s_timeout;
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await _http.GetAsync(new Uri(url));
            last = response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
            if (done(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{url} never matched; last: {last}");
    }

    [GeneratedRegex(@"listener opened on (\S+) \(HTTP\)")]
    private static partial Regex HttpEndPoint();

    [GeneratedRegex(@"listener opened on (\S+)")]
    private static partial Regex ApiEndPoint();

    /// <summary>One pusher running on its own task, as the forward engine runs it.</summary>
    private sealed class Push : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly TaskCompletionSource _sending = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private Push(StreamPushTarget target, MediaStream stream, ILogger logger)
        {
            Context = new StreamPushContext("src", stream, logger, () => _sending.TrySetResult());
            var pusher = new WhipPusherFactory().Create(target);
            Run = Task.Run(() => pusher.RunAsync(Context, _stop.Token));
        }

        public StreamPushContext Context { get; }

        public Task Run { get; }

        public static Push Start(StreamPushTarget target, MediaStream stream, ILogger? logger = null) =>
            new(target, stream, logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        /// <summary>Waits for SetSending; rethrows when the push failed first.</summary>
        public async Task WaitSendingAsync(TimeSpan timeout)
        {
            await Task.WhenAny(_sending.Task, Run).WaitAsync(timeout);
            if (!_sending.Task.IsCompleted)
            {
                await Run;
                throw new InvalidOperationException("the push ended before sending");
            }
        }

        /// <summary>Cancels the push; it must end with OperationCanceledException and nothing else.</summary>
        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await Run.Invoking(t => t.WaitAsync(s_timeout)).Should().ThrowAsync<OperationCanceledException>();
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _stop.Dispose();
        }
    }
}
