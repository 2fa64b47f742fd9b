using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Hosting;
using Xunit;
using static MediaBroker.Tests.Auth.AuthRequests;

namespace MediaBroker.Tests.Auth;

public sealed class CertificateFingerprintTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);
    private const string WrongFingerprint = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    private readonly RecordingDelay _delay = new();

    private static string Colons(string hex) => string.Join(':', hex.Chunk(2).Select(c => new string(c)));

    [Fact]
    public void Matches_LowercaseHex_True()
    {
        using var cert = TlsHttpStub.CreateSelfSigned();
        var hex = Convert.ToHexStringLower(SHA256.HashData(cert.RawData));
        CertificateFingerprint.Matches(cert, hex).Should().BeTrue();
    }

    [Fact]
    public void Matches_UppercaseWithColons_True()
    {
        using var cert = TlsHttpStub.CreateSelfSigned();
        var hex = Convert.ToHexString(SHA256.HashData(cert.RawData));
        CertificateFingerprint.Matches(cert, Colons(hex)).Should().BeTrue();
        CertificateFingerprint.Matches(cert, hex).Should().BeTrue();
    }

    [Fact]
    public void Matches_OtherCertificate_False()
    {
        using var cert = TlsHttpStub.CreateSelfSigned();
        using var other = TlsHttpStub.CreateSelfSigned();
        CertificateFingerprint.Matches(cert, Convert.ToHexStringLower(SHA256.HashData(other.RawData))).Should().BeFalse();
        CertificateFingerprint.Matches(cert, WrongFingerprint).Should().BeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("abcd")]
    [InlineData("zz112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")]
    [InlineData("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00")]
    public void Matches_MalformedFingerprint_FalseAndInvalid(string fingerprint)
    {
        using var cert = TlsHttpStub.CreateSelfSigned();
        CertificateFingerprint.Matches(cert, fingerprint).Should().BeFalse();
        CertificateFingerprint.IsValid(fingerprint).Should().BeFalse();
    }

    [Fact]
    public void Validate_MalformedFingerprints_ReportsBothKeys()
    {
        AuthService.Validate(new AuthOptions { Method = "http", HttpAddress = "https://a.test/", HttpFingerprint = "xyz" })
            .Should().ContainSingle().Which.Should().Contain("authHTTPFingerprint");
        AuthService.Validate(new AuthOptions { Method = "jwt", JwtJwks = "https://a.test/jwks", JwtJwksFingerprint = "xyz" })
            .Should().ContainSingle().Which.Should().Contain("authJWTJWKSFingerprint");
    }

    [Fact]
    public void ToAuthOptions_Fingerprints_Mapped()
    {
        var options = ConfMapping.ToAuthOptions(new BrokerConf { AuthHTTPFingerprint = "aa:bb", AuthJWTJWKSFingerprint = "ccdd" });
        options.HttpFingerprint.Should().Be("aa:bb");
        options.JwtJwksFingerprint.Should().Be("ccdd");
    }

    [Fact]
    public async Task AuthenticateAsync_HttpsRightFingerprint_ReachesServerAndAllows()
    {
        await using var server = new TlsHttpStub();
        using var svc = HttpService(server, Colons(server.Fingerprint.ToUpperInvariant()));
        var result = await svc.AuthenticateAsync(Make(AuthAction.Publish, "cam1", "alice", "pw"), default).AsTask().WaitAsync(TestTimeout);
        result.Should().Be(AuthResult.Ok("alice"));
        server.Requests.Should().Be(1);
    }

    [Fact]
    public async Task AuthenticateAsync_HttpsWrongFingerprint_DeniedWithoutRequest()
    {
        await using var server = new TlsHttpStub();
        using var svc = HttpService(server, WrongFingerprint);
        var result = await svc.AuthenticateAsync(Make(AuthAction.Publish, "cam1", "alice", "pw"), default).AsTask().WaitAsync(TestTimeout);
        result.IsOk.Should().BeFalse();
        result.Reason.Should().Contain("HTTP request to the auth server failed");
        server.Requests.Should().Be(0);
    }

    [Fact]
    public async Task AuthenticateAsync_HttpsNoFingerprintSelfSigned_NormalValidationDenies()
    {
        await using var server = new TlsHttpStub();
        using var svc = HttpService(server, "");
        var result = await svc.AuthenticateAsync(Make(AuthAction.Publish, "cam1", "alice", "pw"), default).AsTask().WaitAsync(TestTimeout);
        result.IsOk.Should().BeFalse();
        server.Requests.Should().Be(0);
    }

    [Fact]
    public async Task AuthenticateAsync_JwksRightFingerprint_AllowsWrongFingerprintDenies()
    {
        using var key = RSA.Create(2048);
        await using var server = new TlsHttpStub(Jwks(key), "application/json");
        var token = Token(key);
        var request = Make(AuthAction.Publish, "cam1", protocol: AuthProtocol.WebRtc) with { Token = token };

        using (var pinned = JwtService(server, server.Fingerprint))
        {
            (await pinned.AuthenticateAsync(request, default).AsTask().WaitAsync(TestTimeout)).Should().Be(AuthResult.Ok("alice"));
        }

        server.Requests.Should().Be(1);
        using var wrong = JwtService(server, WrongFingerprint);
        (await wrong.AuthenticateAsync(request, default).AsTask().WaitAsync(TestTimeout)).IsOk.Should().BeFalse();
        server.Requests.Should().Be(1);
    }

    // httpClient: null, so the service builds its own (pinned) clients as in production.
    private AuthService HttpService(TlsHttpStub server, string fingerprint) => new(
        new AuthOptions
        {
            Method = "http",
            HttpAddress = server.Url("/auth"),
            HttpFingerprint = fingerprint,
            HttpTimeout = TimeSpan.FromSeconds(10),
        },
        new ListLogger<AuthService>(), _delay);

    private AuthService JwtService(TlsHttpStub server, string fingerprint) => new(
        new AuthOptions
        {
            Method = "jwt",
            JwtJwks = server.Url("/jwks.json"),
            JwtJwksFingerprint = fingerprint,
            HttpTimeout = TimeSpan.FromSeconds(10),
        },
        new ListLogger<AuthService>(), _delay);

    private static string B64Url(ReadOnlySpan<byte> b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Jwks(RSA key)
    {
        var p = key.ExportParameters(false);
        return JsonSerializer.Serialize(new { keys = new[] { new { kty = "RSA", kid = "k1", use = "sig", alg = "RS256", n = B64Url(p.Modulus), e = B64Url(p.Exponent) } } });
    }

    private static string Token(RSA key)
    {
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var header = B64Url("""{"alg":"RS256","kid":"k1","typ":"JWT"}"""u8);
        var payload = B64Url(Encoding.UTF8.GetBytes(
            $$"""{"sub":"alice","exp":{{exp}},"mediamtx_permissions":[{"action":"publish","path":"cam1"}]}"""));
        var sig = key.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return header + "." + payload + "." + B64Url(sig);
    }
}
