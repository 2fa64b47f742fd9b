using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using FluentAssertions;
using MediaBroker.Protocols.Rtsp.Messages;
using MediaBroker.Tests.Protocols.Rtsp;
using Xunit;

namespace MediaBroker.Tests.Security;

/// <summary>
/// RTSP Basic and Digest against the real broker: wrong passwords, a made-up nonce, another connection's nonce and a
/// valid Authorization header replayed on a new connection are all refused after the failure delay; a real ffmpeg
/// publisher with a wrong password never makes the path ready.
/// </summary>
public sealed partial class RtspAuthAttackTests : IAsyncLifetime
{
    private const string Realm = "mediabroker";
    private BrokerProcess? _broker;
    private int _port;

    public async Task InitializeAsync()
    {
        _broker = await BrokerProcess.StartAsync(HttpAuthAttackTests.Yaml);
        _port = (await _broker.ListenerAsync("RTSP")).Port;
    }

    public async Task DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    [Fact]
    public async Task NoCredentials_ChallengeForBothSchemes_LeaksNothing()
    {
        await using var client = await RtspTestClient.ConnectAsync(_port);
        var url = $"rtsp://127.0.0.1:{_port}/cam";

        var describe = await client.RequestAsync("DESCRIBE", url);
        describe.StatusCode.Should().Be(401);
        describe.Headers.GetAll("WWW-Authenticate").Should().Contain(h => h.StartsWith("Basic ", StringComparison.Ordinal))
            .And.Contain(h => h.StartsWith("Digest ", StringComparison.Ordinal));
        ShouldLeakNothing(describe);

        var announce = await client.RequestAsync("ANNOUNCE", url, "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n");
        announce.StatusCode.Should().Be(401);
        ShouldLeakNothing(announce);
    }

    [Fact]
    public async Task WrongBasic_Refused401AfterTheDelay()
    {
        await using var client = await RtspTestClient.ConnectAsync(_port);
        var url = $"rtsp://127.0.0.1:{_port}/cam";
        foreach (var (user, pass) in new[] { ("admin", "wrong"), ("root", HttpAuthAttackTests.Password), ("admin", ""), ("", "") })
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{pass}"));
            var started = Stopwatch.GetTimestamp();
            var res = await client.RequestAsync("DESCRIBE", url, null, ("Authorization", "Basic " + basic));
            res.StatusCode.Should().Be(401, $"{user}:{pass}");
            if (user.Length > 0)
            {
                Stopwatch.GetElapsedTime(started).Should().BeGreaterThanOrEqualTo(HttpAuthAttackTests.DelayFloor, $"{user}:{pass}");
            }

            ShouldLeakNothing(res);
        }
    }

    [Fact]
    public async Task Digest_WrongPasswordMadeUpNonceForeignNonceAndReplay_RefusedAfterTheDelay()
    {
        var url = $"rtsp://127.0.0.1:{_port}/cam";
        await using var a = await RtspTestClient.ConnectAsync(_port);
        await using var b = await RtspTestClient.ConnectAsync(_port);
        var nonceA = await NonceAsync(a, url);
        var nonceB = await NonceAsync(b, url);
        nonceA.Should().NotBe(nonceB, "each connection gets its own nonce");

        // The right password with this connection's nonce passes auth (404: nothing is published on cam).
        var valid = Digest("DESCRIBE", url, "admin", HttpAuthAttackTests.Password, nonceA);
        (await a.RequestAsync("DESCRIBE", url, null, ("Authorization", valid))).StatusCode.Should().Be(404);

        await RefusedAsync(a, url, Digest("DESCRIBE", url, "admin", "wrong", nonceA), "wrong password");
        await RefusedAsync(a, url, Digest("DESCRIBE", url, "admin", HttpAuthAttackTests.Password, "00112233445566778899aabbccddeeff"), "made-up nonce");
        await RefusedAsync(b, url, Digest("DESCRIBE", url, "admin", HttpAuthAttackTests.Password, nonceA), "another connection's nonce");
        await RefusedAsync(b, url, valid, "a valid header replayed on another connection");
        await using var c = await RtspTestClient.ConnectAsync(_port);
        await RefusedAsync(c, url, valid, "a valid header replayed on a new connection");
        await RefusedAsync(a, url, Digest("ANNOUNCE", url, "admin", HttpAuthAttackTests.Password, nonceA), "a response computed for another method");
    }

    [RequiresFfmpegFact]
    public async Task FfmpegPublisher_WrongPassword_RefusedAfterTheDelay_PathNeverReady()
    {
        var started = Stopwatch.GetTimestamp();
        await using var publisher = MediaTools.PublishH264Aac("rtsp", $"rtsp://admin:wrong@127.0.0.1:{_port}/cam", 20, "-rtsp_transport", "tcp");
        await _broker!.Process.WaitForLineAsync(l => l.Contains("authentication failed", StringComparison.Ordinal) && l.Contains("protocol rtsp", StringComparison.Ordinal), AttackHttp.Timeout);
        var exit = await publisher.WaitForExitAsync(AttackHttp.Timeout);

        exit.Should().NotBe(0, publisher.Output);
        publisher.Output.Should().Contain("401");
        Stopwatch.GetElapsedTime(started).Should().BeGreaterThanOrEqualTo(HttpAuthAttackTests.DelayFloor);
        _broker.Process.Output.Should().NotContain("[path cam] stream is ready");
    }

    private static async Task<string> NonceAsync(RtspTestClient client, string url)
    {
        var res = await client.RequestAsync("DESCRIBE", url);
        res.StatusCode.Should().Be(401);
        var digest = res.Headers.GetAll("WWW-Authenticate").Single(h => h.StartsWith("Digest ", StringComparison.Ordinal));
        return NoncePattern().Match(digest).Groups[1].Value;
    }

    private static async Task RefusedAsync(RtspTestClient client, string url, string authorization, string what)
    {
        var started = Stopwatch.GetTimestamp();
        var res = await client.RequestAsync("DESCRIBE", url, null, ("Authorization", authorization));
        res.StatusCode.Should().Be(401, what);
        Stopwatch.GetElapsedTime(started).Should().BeGreaterThanOrEqualTo(HttpAuthAttackTests.DelayFloor, what);
        ShouldLeakNothing(res);
    }

    private static string Digest(string method, string uri, string user, string pass, string nonce) =>
        $"Digest username=\"{user}\", realm=\"{Realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{RtspAuthorization.DigestResponse(method, uri, user, pass, Realm, nonce)}\"";

    private static void ShouldLeakNothing(RtspMessage res)
    {
        var text = string.Join("\n", res.Headers.All.Select(h => h.Key + ": " + h.Value)) + Encoding.UTF8.GetString(res.Body.Span);
        AttackHttp.ShouldLeakNothing(text, "RTSP " + res.StatusCode, HttpAuthAttackTests.Password, HttpAuthAttackTests.HiddenPath);
    }

    [GeneratedRegex("nonce=\"([^\"]+)\"")]
    private static partial Regex NoncePattern();
}
