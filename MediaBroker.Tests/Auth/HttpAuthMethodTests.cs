using System.Net;
using System.Text.Json;
using FluentAssertions;
using MediaBroker.Auth;
using MediaBroker.Conf;
using Xunit;
using static MediaBroker.Tests.Auth.AuthRequests;

namespace MediaBroker.Tests.Auth;

public sealed class HttpAuthMethodTests
{
    private sealed class StubHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> reply) : HttpMessageHandler
    {
        public List<(Uri? Uri, string ContentType, string Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add((request.RequestUri, request.Content?.Headers.ContentType?.MediaType ?? "", body));
            return await reply(request, cancellationToken);
        }
    }

    private readonly RecordingDelay _delay = new();

    private AuthService Service(StubHandler handler, TimeSpan? timeout = null, params AuthPermissionConf[] exclude) => new(
        new AuthOptions
        {
            Method = "http",
            HttpAddress = "http://auth.test/check",
            HttpExclude = [.. exclude],
            HttpTimeout = timeout ?? TimeSpan.FromSeconds(5),
        },
        new ListLogger<AuthService>(), _delay, new HttpClient(handler));

    private static StubHandler Replying(HttpStatusCode code, string body = "") =>
        new((_, _) => Task.FromResult(new HttpResponseMessage(code) { Content = new StringContent(body) }));

    [Fact]
    public async Task AuthenticateAsync_2xx_AllowsAndPostsMediaMtxJson()
    {
        var handler = Replying(HttpStatusCode.NoContent);
        using var svc = Service(handler);
        var id = Guid.NewGuid();
        var req = Make(AuthAction.Publish, "cam1", "alice", "pw", "::ffff:10.1.2.3", AuthProtocol.Rtmp) with
        {
            Query = "a=1",
            Token = "tk",
            Id = id,
            UserAgent = "ffmpeg",
        };
        (await svc.AuthenticateAsync(req, default)).Should().Be(AuthResult.Ok("alice"));

        var sent = handler.Requests.Should().ContainSingle().Subject;
        sent.Uri.Should().Be(new Uri("http://auth.test/check"));
        sent.ContentType.Should().Be("application/json");
        using var doc = JsonDocument.Parse(sent.Body);
        var root = doc.RootElement;
        root.EnumerateObject().Select(p => p.Name).Should().Equal(
            "ip", "user", "password", "token", "action", "path", "protocol", "id", "query", "userAgent");
        root.GetProperty("ip").GetString().Should().Be("10.1.2.3");
        root.GetProperty("user").GetString().Should().Be("alice");
        root.GetProperty("password").GetString().Should().Be("pw");
        root.GetProperty("token").GetString().Should().Be("tk");
        root.GetProperty("action").GetString().Should().Be("publish");
        root.GetProperty("path").GetString().Should().Be("cam1");
        root.GetProperty("protocol").GetString().Should().Be("rtmp");
        root.GetProperty("id").GetGuid().Should().Be(id);
        root.GetProperty("query").GetString().Should().Be("a=1");
        root.GetProperty("userAgent").GetString().Should().Be("ffmpeg");
    }

    [Fact]
    public void Serialize_NoId_WritesNull()
    {
        using var doc = JsonDocument.Parse(HttpAuthMethod.Serialize(Make(AuthAction.Api, protocol: AuthProtocol.Http)));
        doc.RootElement.GetProperty("id").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task AuthenticateAsync_401WithCredentials_DeniedWithBodyInReason()
    {
        using var svc = Service(Replying(HttpStatusCode.Unauthorized, "bad password"));
        var r = await svc.AuthenticateAsync(Make(AuthAction.Read, "a", "alice", "x"), default);
        r.Outcome.Should().Be(AuthOutcome.Denied);
        r.Reason.Should().Be("auth server replied with code 401: bad password");
        _delay.Count.Should().Be(1);
    }

    [Fact]
    public async Task AuthenticateAsync_401WithoutCredentials_CredentialsRequired()
    {
        using var svc = Service(Replying(HttpStatusCode.Unauthorized));
        (await svc.AuthenticateAsync(Make(AuthAction.Read, "a"), default)).Should().Be(AuthResult.CredentialsRequired);
        _delay.Count.Should().Be(0);
    }

    [Fact]
    public async Task AuthenticateAsync_ExcludedPermission_SkipsHttpCall()
    {
        var handler = Replying(HttpStatusCode.Forbidden);
        using var svc = Service(handler, null, new AuthPermissionConf("api"), new AuthPermissionConf("read", "~^pub/"));
        (await svc.AuthenticateAsync(Make(AuthAction.Api, protocol: AuthProtocol.Http), default)).IsOk.Should().BeTrue();
        (await svc.AuthenticateAsync(Make(AuthAction.Read, "pub/x"), default)).IsOk.Should().BeTrue();
        handler.Requests.Should().BeEmpty();
        (await svc.AuthenticateAsync(Make(AuthAction.Read, "priv/x", "u", "p"), default)).IsOk.Should().BeFalse();
        handler.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task AuthenticateAsync_ServerTooSlow_DeniedAfterTimeout()
    {
        var handler = new StubHandler(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        using var svc = Service(handler, TimeSpan.FromMilliseconds(50));
        var r = await svc.AuthenticateAsync(Make(AuthAction.Read, "a", "u", "p"), default).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        r.Outcome.Should().Be(AuthOutcome.Denied);
        r.Reason.Should().Contain("did not reply");
    }

    [Fact]
    public async Task AuthenticateAsync_ConnectionFails_Denied()
    {
        using var svc = Service(new StubHandler((_, _) => throw new HttpRequestException("refused")));
        var r = await svc.AuthenticateAsync(Make(AuthAction.Read, "a", "u", "p"), default);
        r.Outcome.Should().Be(AuthOutcome.Denied);
        r.Reason.Should().Contain("refused");
    }

    [Fact]
    public async Task AuthenticateAsync_CallerCancels_Throws()
    {
        var handler = new StubHandler(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        using var svc = Service(handler);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var act = async () => await svc.AuthenticateAsync(Make(AuthAction.Read, "a", "u", "p"), cts.Token);
        await act.Should().ThrowAsync<OperationCanceledException>();
    }
}
