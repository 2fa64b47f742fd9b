using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using MediaBroker.Auth;
using MediaBroker.Conf;
using Xunit;
using static MediaBroker.Tests.Auth.AuthRequests;

namespace MediaBroker.Tests.Auth;

/// <summary>RSA keys are slow to generate: one pair for the whole class.</summary>
public sealed class JwtKeys : IDisposable
{
    public RSA Signing { get; } = RSA.Create(2048);
    public RSA Other { get; } = RSA.Create(2048);

    public void Dispose()
    {
        Signing.Dispose();
        Other.Dispose();
    }
}

public sealed class JwtAuthMethodTests(JwtKeys keys) : IClassFixture<JwtKeys>
{
    private const string Permissions = """[{"action":"publish","path":"cam1"},{"action":"read","path":"~^pub/"},{"action":"api"}]""";
    private readonly RSA _key = keys.Signing;
    private readonly RSA _otherKey = keys.Other;
    private readonly RecordingDelay _delay = new();
    private int _fetches;

    private sealed class JwksHandler(Func<HttpResponseMessage> reply, Action onFetch) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onFetch();
            return Task.FromResult(reply());
        }
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static string B64Url(ReadOnlySpan<byte> b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private string Jwks()
    {
        var p = _key.ExportParameters(false);
        return JsonSerializer.Serialize(new { keys = new[] { new { kty = "RSA", kid = "k1", use = "sig", alg = "RS256", n = B64Url(p.Modulus), e = B64Url(p.Exponent) } } });
    }

    private static string Token(RSA key, string payloadJson)
    {
        var header = B64Url("""{"alg":"RS256","kid":"k1","typ":"JWT"}"""u8);
        var payload = B64Url(Encoding.UTF8.GetBytes(payloadJson));
        var sig = key.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return header + "." + payload + "." + B64Url(sig);
    }

    private string Valid(string claim = "mediamtx_permissions", string permissions = Permissions) =>
        Token(_key, $$"""{"sub":"alice","exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}},"{{claim}}":{{permissions}}}""");

    private AuthService Service(TimeProvider? clock = null, HttpStatusCode status = HttpStatusCode.OK, params AuthPermissionConf[] exclude) => new(
        new AuthOptions { Method = "jwt", JwtJwks = "http://idp.test/jwks.json", JwtExclude = [.. exclude] },
        new ListLogger<AuthService>(), _delay,
        new HttpClient(new JwksHandler(() => new HttpResponseMessage(status) { Content = new StringContent(Jwks()) }, () => Interlocked.Increment(ref _fetches))),
        clock);

    [Fact]
    public async Task AuthenticateAsync_ValidBearerToken_AllowedAsSubject()
    {
        using var svc = Service();
        var req = Make(AuthAction.Publish, "cam1", protocol: AuthProtocol.WebRtc) with { Token = Valid() };
        (await svc.AuthenticateAsync(req, default)).Should().Be(AuthResult.Ok("alice"));
        (await svc.AuthenticateAsync(Make(AuthAction.Read, "pub/x", protocol: AuthProtocol.Hls) with { Token = Valid() }, default)).IsOk.Should().BeTrue();
        (await svc.AuthenticateAsync(Make(AuthAction.Api, protocol: AuthProtocol.Http) with { Token = Valid() }, default)).IsOk.Should().BeTrue();
        _fetches.Should().Be(1);
    }

    [Fact]
    public async Task AuthenticateAsync_TokenInPasswordOrQuery_Accepted()
    {
        using var svc = Service();
        (await svc.AuthenticateAsync(Make(AuthAction.Publish, "cam1", "x", Valid(), protocol: AuthProtocol.Srt), default)).IsOk.Should().BeTrue();
        (await svc.AuthenticateAsync(Make(AuthAction.Publish, "cam1", protocol: AuthProtocol.Rtsp) with { Query = "jwt=" + Valid() }, default))
            .IsOk.Should().BeTrue("RTSP and RTMP may carry the token in the query (token= or legacy jwt=)");
        (await svc.AuthenticateAsync(Make(AuthAction.Publish, "cam1", protocol: AuthProtocol.Rtmp) with { Token = Valid() }, default)).IsOk.Should().BeTrue();
    }

    [Fact]
    public async Task AuthenticateAsync_PermissionsAsJsonString_Accepted()
    {
        using var svc = Service();
        var token = Valid(permissions: JsonSerializer.Serialize(Permissions));
        (await svc.AuthenticateAsync(Make(AuthAction.Publish, "cam1") with { Token = token }, default)).IsOk.Should().BeTrue();
    }

    [Fact]
    public async Task AuthenticateAsync_PathNotGranted_Denied()
    {
        using var svc = Service();
        var r = await svc.AuthenticateAsync(Make(AuthAction.Publish, "cam2") with { Token = Valid() }, default);
        r.Outcome.Should().Be(AuthOutcome.Denied);
        r.Reason.Should().Be("user doesn't have permission to perform action");
        _delay.Count.Should().Be(1);
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("expired")]
    [InlineData("missing claim")]
    [InlineData("garbage")]
    public async Task AuthenticateAsync_BadToken_Denied(string kind)
    {
        using var svc = Service();
        var token = kind switch
        {
            "forged" => Token(_otherKey, $$"""{"sub":"alice","mediamtx_permissions":{{Permissions}}}"""),
            "expired" => Token(_key, $$"""{"sub":"alice","exp":{{DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds()}},"mediamtx_permissions":{{Permissions}}}"""),
            "missing claim" => Valid(claim: "other"),
            _ => "not.a.jwt",
        };
        (await svc.AuthenticateAsync(Make(AuthAction.Publish, "cam1") with { Token = token }, default)).Outcome.Should().Be(AuthOutcome.Denied);
    }

    [Fact]
    public async Task AuthenticateAsync_NoToken_CredentialsRequired()
    {
        using var svc = Service();
        (await svc.AuthenticateAsync(Make(AuthAction.Read, "pub/x"), default)).Should().Be(AuthResult.CredentialsRequired);
        _fetches.Should().Be(0);
    }

    [Fact]
    public async Task AuthenticateAsync_Excluded_NoTokenNeeded()
    {
        using var svc = Service(null, HttpStatusCode.OK, new AuthPermissionConf("metrics"));
        (await svc.AuthenticateAsync(Make(AuthAction.Metrics, protocol: AuthProtocol.Http), default)).IsOk.Should().BeTrue();
    }

    [Fact]
    public async Task AuthenticateAsync_JwksRefresh_AfterPeriodOrOnRequest()
    {
        var clock = new ManualClock();
        using var svc = Service(clock);
        var req = Make(AuthAction.Publish, "cam1") with { Token = Valid() };
        await svc.AuthenticateAsync(req, default);
        clock.Now += TimeSpan.FromMinutes(59);
        await svc.AuthenticateAsync(req, default);
        _fetches.Should().Be(1);
        clock.Now += TimeSpan.FromMinutes(2);
        await svc.AuthenticateAsync(req, default);
        _fetches.Should().Be(2);
        svc.RefreshJwks();
        (await svc.AuthenticateAsync(req, default)).IsOk.Should().BeTrue();
        _fetches.Should().Be(3);
    }

    [Fact]
    public async Task AuthenticateAsync_JwksUnavailable_DeniedAndRetried()
    {
        using var svc = Service(null, HttpStatusCode.InternalServerError);
        var req = Make(AuthAction.Publish, "cam1") with { Token = Valid() };
        (await svc.AuthenticateAsync(req, default)).Reason.Should().Contain("unable to get the JWKS");
        (await svc.AuthenticateAsync(req, default)).Outcome.Should().Be(AuthOutcome.Denied);
        _fetches.Should().Be(2);
    }

    [Fact]
    public async Task AuthenticateAsync_Concurrent_OneJwksFetch()
    {
        using var svc = Service();
        var token = Valid();
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            svc.AuthenticateAsync(Make(AuthAction.Publish, "cam1") with { Token = token }, default).AsTask())).WaitAsync(TimeSpan.FromSeconds(20));
        results.Should().OnlyContain(r => r.IsOk);
        _fetches.Should().Be(1);
    }
}
