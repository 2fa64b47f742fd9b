using System.Net;
using System.Text;
using FluentAssertions;
using MediaBroker.Tests.Protocols.Rtsp;

namespace MediaBroker.Tests.Security;

/// <summary>
/// Slowloris on the TLS listeners of the real broker (RTSPS, RTMPS, and HTTPS on HLS, WebRTC, API, metrics, playback
/// and pprof): connections that never send a ClientHello, that send one a byte a second, and that finish the handshake
/// and then dribble their request. Each is closed once <c>readTimeout</c> (2 s here) passes, with the reason logged;
/// memory stays flat, and the ffmpeg publisher, an ffprobe reader over RTSPS and an HTTPS client keep working.
/// </summary>
public sealed class TlsSlowlorisAttackTests : BrokerUnderAttackTests, IDisposable
{
    private const int Connections = 30;
    private static readonly TimeSpan s_readTimeout = TimeSpan.FromSeconds(2);

    // Closed within readTimeout plus the servers' check period and a loaded machine's slack.
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(15);

    private static readonly (string Name, bool Http)[] s_listeners =
        [("RTSPS", false), ("RTMPS", false), ("HLS", true), ("WebRTC", true), ("API", true), ("metrics", true), ("playback", true), ("pprof", true)];

    private readonly string _certDir;

    public TlsSlowlorisAttackTests()
        : this(Directory.CreateTempSubdirectory("tls-slowloris-").FullName)
    {
    }

    private TlsSlowlorisAttackTests(string certDir)
        : base(Yaml(certDir))
    {
        _certDir = certDir;
    }

    public void Dispose() => Directory.Delete(_certDir, recursive: true);

    [RequiresFfmpegFact]
    public async Task NoClientHello_ClosedAfterReadTimeout_ReasonLogged_LegitClientsWork()
    {
        await AttackEveryListenerAsync((endPoint, _) => AttackLoad.SlowlorisAsync(endPoint, [], (byte[]?)null, Connections, TimeSpan.FromMilliseconds(300), s_bound));
        await HandshakeTimeoutsLoggedAsync();
    }

    [RequiresFfmpegFact]
    public async Task ClientHelloAByteASecond_ClosedAfterReadTimeout_ReasonLogged_LegitClientsWork()
    {
        var hello = await TlsAttack.ClientHelloAsync();
        hello[0].Should().Be(0x16, "a TLS handshake record");
        await AttackEveryListenerAsync((endPoint, _) => AttackLoad.SlowlorisAsync(endPoint, [], hello, Connections, TimeSpan.FromSeconds(1), s_bound));
        await HandshakeTimeoutsLoggedAsync();
    }

    [RequiresFfmpegFact]
    public async Task RequestDribbledAfterTheHandshake_ClosedAfterReadTimeout_ReasonLogged_LegitClientsWork()
    {
        await AttackEveryListenerAsync((endPoint, name) =>
        {
            byte[] prefix = name switch
            {
                "RTSPS" => Encoding.ASCII.GetBytes("OPTIONS rtsps://127.0.0.1/legit RTSP/1.0\r\nCSeq: 1\r\nX-Slow: "),
                "RTMPS" => [.. RtmpAttack.Handshake(), .. RtmpAttack.Type0Header(3, 256, 0x14)],
                _ => Encoding.ASCII.GetBytes($"GET /legit/index.m3u8 HTTP/1.1\r\nHost: {endPoint}\r\nX-Slow: "),
            };
            return TlsAttack.SlowAfterHandshakeAsync(endPoint, prefix, (byte)'a', Connections, TimeSpan.FromMilliseconds(300), s_bound);
        });
        // Only the attack's connections idle: the legitimate publisher sends all the time.
        await Broker.Process.WaitForLineAsync(l => l.Contains("readTimeout elapsed without requests", StringComparison.Ordinal), s_bound);
        await Broker.Process.WaitForLineAsync(l => l.Contains("read timeout", StringComparison.Ordinal), s_bound);
        foreach (var (name, _) in s_listeners.Where(l => l.Http))
        {
            await Broker.Process.WaitForLineAsync(l => l.Contains($"[{name}] [conn ", StringComparison.Ordinal)
                && l.Contains("closed: no complete request headers within", StringComparison.Ordinal), s_bound);
        }
    }

    private static string Yaml(string certDir)
    {
        var (cert, key, _) = RtspsTests.WriteSelfSignedPem(certDir);
        var tls = new StringBuilder("readTimeout: 2s\nlogLevel: debug\napi: yes\nmetrics: yes\nplayback: yes\npprof: yes\n");
        tls.Append($"rtspEncryption: optional\nrtspServerCert: {cert}\nrtspServerKey: {key}\n");
        tls.Append($"rtmpEncryption: optional\nrtmpServerCert: {cert}\nrtmpServerKey: {key}\n");
        foreach (var server in new[] { "hls", "webrtc", "api", "metrics", "playback", "pprof" })
        {
            tls.Append($"{server}Encryption: yes\n{server}ServerCert: {cert}\n{server}ServerKey: {key}\n");
        }

        return tls.Append("paths:\n  all_others:\n").ToString();
    }

    /// <summary>Attacks every TLS listener at once while legitimate TLS clients work, then checks times and memory.</summary>
    private async Task AttackEveryListenerAsync(Func<IPEndPoint, string, Task<TimeSpan>> attack)
    {
        var pid = Broker.Process.Id;
        var before = AttackLoad.RssKb(pid);
        var endPoints = new List<IPEndPoint>();
        foreach (var (name, _) in s_listeners)
        {
            endPoints.Add(await Broker.ListenerAsync(name));
        }

        var attacks = s_listeners.Select((l, i) => attack(endPoints[i], l.Name)).ToArray();
        await LegitTlsClientsWorkAsync();
        var elapsed = await Task.WhenAll(attacks);

        for (var i = 0; i < s_listeners.Length; i++)
        {
            elapsed[i].Should().BeGreaterThanOrEqualTo(s_readTimeout * 0.9, $"{s_listeners[i].Name}: held until readTimeout, not refused for another reason");
            elapsed[i].Should().BeLessThan(s_bound, s_listeners[i].Name);
        }

        AttackLoad.RssBounded(before, pid, 150, "TLS slowloris on " + s_listeners.Length + " listeners");
        Publisher.HasExited.Should().BeFalse("the publisher was never disturbed: " + Publisher.Output);
    }

    /// <summary>ffprobe decodes the stream over RTSPS, and an HTTPS client gets the HLS playlist, during the attack.</summary>
    private async Task LegitTlsClientsWorkAsync()
    {
        var rtsps = await Broker.ListenerAsync("RTSPS");
        var streams = await MediaTools.ProbeAsync($"rtsps://127.0.0.1:{rtsps.Port}/legit", 2);
        streams.Should().Contain(s => s.Codec == "h264" && s.Frames > 10, "a legitimate RTSPS reader keeps working during the attack");

        var hls = await Broker.ListenerAsync("HLS");
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var https = new HttpClient(handler) { Timeout = AttackHttp.Timeout };
        using var playlist = await https.GetAsync(new Uri($"https://127.0.0.1:{hls.Port}/legit/index.m3u8"));
        playlist.StatusCode.Should().Be(HttpStatusCode.OK, "a legitimate HTTPS client keeps working during the attack");
        (await playlist.Content.ReadAsStringAsync()).Should().StartWith("#EXTM3U");
    }

    /// <summary>Each TLS listener logged why it closed the connections: no handshake within readTimeout.</summary>
    private async Task HandshakeTimeoutsLoggedAsync()
    {
        foreach (var (name, http) in s_listeners)
        {
            var line = http ? $"[{name}] [conn " : $"{name} [conn ";
            var reason = http ? "TLS handshake not completed within" : "handshake not completed within";
            await Broker.Process.WaitForLineAsync(l => l.Contains(line, StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal), s_bound);
        }
    }
}
