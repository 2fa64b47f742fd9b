using System.Net;
using FluentAssertions;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Tests.Protocols.WebRtc.Support;
using Xunit;

namespace MediaBroker.Tests.Security;

/// <summary>
/// Every HTTP surface of the real broker with a user that needs a password: without credentials each answers 401 with
/// a challenge, with wrong ones 401 only after the configured failure delay, with the right ones it serves. No answer
/// names another path, the password or anything about the server's insides.
/// </summary>
public sealed class HttpAuthAttackTests : IAsyncLifetime
{
    internal const string Password = "S3cretPass";
    internal const string HiddenPath = "hiddenpath41";
    internal static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    /// <summary>The least a refusal may take: the delay less the timer's granularity (a 1 s delay was seen answered at 999.9 ms).</summary>
    internal static readonly TimeSpan DelayFloor = Delay - TimeSpan.FromMilliseconds(20);

    internal static readonly string Yaml = BrokerProcess.LoopbackListeners + $"""
        api: yes
        metrics: yes
        playback: yes
        pprof: yes
        authFailureDelayMin: 1s
        authFailureDelayMax: 1s
        rtspAuthMethods: [basic, digest]
        authInternalUsers:
        - user: admin
          pass: {Password}
          permissions:
          - action: publish
          - action: read
          - action: playback
          - action: api
          - action: metrics
          - action: pprof
        paths:
          {HiddenPath}:
          all_others:
        """;

    private BrokerProcess? _broker;
    private IPEndPoint _hls = null!;
    private IPEndPoint _webrtc = null!;
    private IPEndPoint _api = null!;
    private IPEndPoint _metrics = null!;
    private IPEndPoint _playback = null!;
    private IPEndPoint _pprof = null!;

    public async Task InitializeAsync()
    {
        _broker = await BrokerProcess.StartAsync(Yaml);
        _hls = await _broker.ListenerAsync("HLS");
        _webrtc = await _broker.ListenerAsync("WebRTC");
        _api = await _broker.ListenerAsync("API");
        _metrics = await _broker.ListenerAsync("metrics");
        _playback = await _broker.ListenerAsync("playback");
        _pprof = await _broker.ListenerAsync("pprof");
    }

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    [Fact]
    public async Task MediaSurfaces_NoOrWrongCredentials_401AfterTheDelay_RightOnesServe()
    {
        // A well-formed offer, so that the right credentials get a session (the offer is only read once they are checked).
        var fingerprint = "sha-256 " + string.Join(':', Enumerable.Repeat("AB", 32));
        var offer = WhepTestClient.Offer(IceCredentials.Generate(), fingerprint);
        var whipOffer = WhepTestClient.WhipOffer(IceCredentials.Generate(), fingerprint);
        await CheckAsync(_hls, "GET", "/cam/index.m3u8", okStatus: [200, 400, 404]);
        await CheckAsync(_hls, "GET", "/cam.flv", okStatus: [200, 400, 404]);
        await CheckAsync(_hls, "GET", "/json_cam.js", okStatus: [200, 400, 404]);
        await CheckAsync(_webrtc, "POST", "/cam/whep", "Content-Type: application/sdp\r\n", offer, okStatus: [200, 400, 404]);
        await CheckAsync(_webrtc, "POST", "/cam/whip", "Content-Type: application/sdp\r\n", whipOffer, okStatus: [201, 400, 404]);
        await CheckAsync(_playback, "GET", "/list?path=cam", okStatus: [200, 400, 404]);
    }

    [Fact]
    public async Task ControlSurfaces_NoOrWrongCredentials_401AfterTheDelay_RightOnesServe()
    {
        await CheckAsync(_api, "GET", "/v3/paths/list", okStatus: [200]);
        await CheckAsync(_api, "GET", "/v3/config/global/get", okStatus: [200]);
        await CheckAsync(_api, "GET", "/ui/api/stats", okStatus: [200]);
        await CheckAsync(_metrics, "GET", "/metrics", okStatus: [200]);
        await CheckAsync(_pprof, "GET", "/debug/pprof/", okStatus: [200]);
    }

    [Fact]
    public async Task WrongCredentials_InQueryAndBearer_AlsoDelayed()
    {
        var query = await AttackHttp.SendAsync(_hls, $"/cam/index.m3u8?user=admin&pass=wrong");
        query.Status.Should().Be(401);
        query.Elapsed.Should().BeGreaterThanOrEqualTo(DelayFloor);

        var bearer = await AttackHttp.SendAsync(_api, "/v3/paths/list", headers: "Authorization: Bearer not.a.jwt\r\n");
        bearer.Status.Should().Be(401);
        AttackHttp.ShouldLeakNothing(bearer.Head + bearer.Body, "bearer", Password, HiddenPath);
    }

    [Fact]
    public async Task WhipWhep_OfferNotReadBeforeAuth_MalformedOrOversized_401WithoutOrWithWrongCredentials()
    {
        // As in MediaMTX, the path's auth comes before the offer is read: only an authenticated client learns that its
        // offer was malformed (400) or too large (413).
        var malformed = "v=0\r\nthis is not an offer\r\n";
        var oversized = new string('a', 100_000);
        foreach (var target in new[] { "/cam/whep", "/cam/whip" })
        {
            foreach (var (body, refusal) in new[] { (malformed, 400), (oversized, 413) })
            {
                var what = $"POST {target} ({body.Length} bytes)";
                var none = await AttackHttp.SendAsync(_webrtc, target, "POST", "Content-Type: application/sdp\r\n", body);
                none.Status.Should().Be(401, what + " without credentials");
                none.Head.Should().Contain("WWW-Authenticate");
                none.Body.Should().NotContainAny(["offer", "SDP", "sdp", "large"], what + ": nothing about the offer before auth");

                var wrong = await AttackHttp.SendAsync(_webrtc, target, "POST", "Content-Type: application/sdp\r\n" + AttackHttp.Basic("admin", "wrong"), body);
                wrong.Status.Should().Be(401, what + " with a wrong password");
                wrong.Elapsed.Should().BeGreaterThanOrEqualTo(DelayFloor, what);
                wrong.Body.Should().NotContainAny(["offer", "SDP", "sdp", "large"], what);
                AttackHttp.ShouldLeakNothing(wrong.Head + wrong.Body, what, Password, HiddenPath);

                var right = await AttackHttp.SendAsync(_webrtc, target, "POST", "Content-Type: application/sdp\r\n" + AttackHttp.Basic("admin", Password), body);
                right.Status.Should().Be(refusal, what + " with the right credentials: the offer is read now");
            }
        }
    }

    private async Task CheckAsync(IPEndPoint server, string method, string target, string headers = "", string body = "", int[]? okStatus = null)
    {
        var what = $"{method} {target}";
        var none = await AttackHttp.SendAsync(server, target, method, headers, body);
        none.Status.Should().Be(401, what + " without credentials");
        if (!target.StartsWith("/ui/", StringComparison.Ordinal))
        {
            // The dashboard's data routes answer its sign-in form, not the browser's password dialog.
            none.Head.Should().Contain("WWW-Authenticate", what);
        }

        AttackHttp.ShouldLeakNothing(none.Head + none.Body, what, Password, HiddenPath);

        var wrong = await AttackHttp.SendAsync(server, target, method, headers + AttackHttp.Basic("admin", "wrong"), body);
        wrong.Status.Should().Be(401, what + " with a wrong password");
        wrong.Elapsed.Should().BeGreaterThanOrEqualTo(DelayFloor, what + " waits authFailureDelayMin before refusing");
        AttackHttp.ShouldLeakNothing(wrong.Head + wrong.Body, what, Password, HiddenPath);

        var unknown = await AttackHttp.SendAsync(server, target, method, headers + AttackHttp.Basic("root", Password), body);
        unknown.Status.Should().Be(401, what + " with an unknown user");
        unknown.Elapsed.Should().BeGreaterThanOrEqualTo(DelayFloor, what);

        var right = await AttackHttp.SendAsync(server, target, method, headers + AttackHttp.Basic("admin", Password), body);
        right.Status.Should().BeOneOf(okStatus!, what + " with the right credentials: " + right.Head + right.Body);
    }
}
