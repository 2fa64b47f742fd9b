using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using FluentAssertions;
using MediaBroker.Auth;
using MediaBroker.Conf;
using Xunit;
using static MediaBroker.Tests.Auth.AuthRequests;

namespace MediaBroker.Tests.Auth;

public sealed class AuthServiceTests
{
    private readonly RecordingDelay _delay = new();
    private readonly ListLogger<AuthService> _logger = new();

    private AuthService Service(params AuthInternalUserConf[] users) =>
        new(new AuthOptions { InternalUsers = [.. users] }, _logger, _delay);

    private static AuthInternalUserConf User(string user, string pass, string[]? ips = null, params AuthPermissionConf[] perms) => new()
    {
        User = user,
        Pass = pass,
        Ips = ips is null ? [] : [.. ips],
        Permissions = [.. perms],
    };

    private static AuthPermissionConf P(string action, string path = "") => new(action, path);

    private static string Sha256(string s) => "sha256:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(s)));

    [Fact]
    public async Task AuthenticateAsync_DefaultUsers_AllowAnonymousPublishReadPlaybackAnywhere()
    {
        using var svc = new AuthService(new AuthOptions(), _logger, _delay);
        foreach (var action in new[] { AuthAction.Publish, AuthAction.Read, AuthAction.Playback })
        {
            var r = await svc.AuthenticateAsync(Make(action, "cam1", ip: "203.0.113.7"), default);
            r.Should().Be(AuthResult.Ok("any"));
        }
    }

    [Theory]
    [InlineData("127.0.0.1", AuthOutcome.Ok)]
    [InlineData("::1", AuthOutcome.Ok)]
    [InlineData("::ffff:127.0.0.1", AuthOutcome.Ok)]
    [InlineData("127.0.0.2", AuthOutcome.CredentialsRequired)]
    [InlineData("10.0.0.1", AuthOutcome.CredentialsRequired)]
    public async Task AuthenticateAsync_DefaultUsers_ApiOnlyFromLoopback(string ip, AuthOutcome expected)
    {
        using var svc = new AuthService(new AuthOptions(), _logger, _delay);
        foreach (var action in new[] { AuthAction.Api, AuthAction.Metrics, AuthAction.Pprof })
        {
            (await svc.AuthenticateAsync(Make(action, ip: ip, protocol: AuthProtocol.Http), default)).Outcome.Should().Be(expected);
        }

        _delay.Count.Should().Be(0);
    }

    [Fact]
    public async Task AuthenticateAsync_AnyUserWithCredentials_Allowed()
    {
        using var svc = Service(User("any", "", null, P("read")));
        (await svc.AuthenticateAsync(Make(AuthAction.Read, "x", "bob", "pw"), default)).Should().Be(AuthResult.Ok("any"));
    }

    [Fact]
    public async Task AuthenticateAsync_PlainCredentials_OkWrongPassDeniedNoneRequired()
    {
        using var svc = Service(User("alice", "secret", null, P("publish")));
        (await svc.AuthenticateAsync(Make(AuthAction.Publish, "a", "alice", "secret"), default)).Should().Be(AuthResult.Ok("alice"));

        var denied = await svc.AuthenticateAsync(Make(AuthAction.Publish, "a", "alice", "secreT"), default);
        denied.Outcome.Should().Be(AuthOutcome.Denied);
        denied.Reason.Should().Be("invalid credentials");
        _delay.Count.Should().Be(1);
        _logger.Entries.Should().ContainSingle().Which.Message.Should().Contain("authentication failed").And.Contain("alice");

        var required = await svc.AuthenticateAsync(Make(AuthAction.Publish, "a"), default);
        required.Should().Be(AuthResult.CredentialsRequired);
        _delay.Count.Should().Be(1);
        _logger.Entries.Should().HaveCount(1);
    }

    [Fact]
    public async Task AuthenticateAsync_WrongUser_DeniedWithDelay()
    {
        using var svc = Service(User("alice", "secret", null, P("publish")));
        var r = await svc.AuthenticateAsync(Make(AuthAction.Publish, "a", "mallory", "secret"), default);
        r.Outcome.Should().Be(AuthOutcome.Denied);
        r.Reason.Should().Be("no user matches");
        _delay.Count.Should().Be(1);
    }

    [Fact]
    public async Task AuthenticateAsync_TokenOnly_CountsAsCredentials()
    {
        using var svc = Service(User("alice", "secret", null, P("read")));
        var r = await svc.AuthenticateAsync(Make(AuthAction.Read, "a") with { Token = "abc" }, default);
        r.Outcome.Should().Be(AuthOutcome.Denied);
    }

    [Fact]
    public async Task AuthenticateAsync_Sha256UserAndPass_Verified()
    {
        using var svc = Service(User(Sha256("alice"), Sha256("secret"), null, P("read")));
        (await svc.AuthenticateAsync(Make(AuthAction.Read, "a", "alice", "secret"), default)).IsOk.Should().BeTrue();
        (await svc.AuthenticateAsync(Make(AuthAction.Read, "a", "alice", "nope"), default)).Outcome.Should().Be(AuthOutcome.Denied);
    }

    [RequiresLibsodiumFact]
    public async Task AuthenticateAsync_Argon2Credentials_Verified()
    {
        var sodium = SodiumPasswordHash.TryLoad()!;
        var id = "argon2:" + sodium.Hash("secret", argon2i: false, opsLimit: 1, memLimit: 8192);
        var i = "argon2:" + sodium.Hash("other", argon2i: true, opsLimit: 3, memLimit: 8192);
        id.Should().StartWith("argon2:$argon2id$");
        i.Should().StartWith("argon2:$argon2i$");
        using var svc = Service(User("alice", id, null, P("read")), User("bob", i, null, P("read")));
        (await svc.AuthenticateAsync(Make(AuthAction.Read, "a", "alice", "secret"), default)).Should().Be(AuthResult.Ok("alice"));
        (await svc.AuthenticateAsync(Make(AuthAction.Read, "a", "bob", "other"), default)).Should().Be(AuthResult.Ok("bob"));
        (await svc.AuthenticateAsync(Make(AuthAction.Read, "a", "alice", "other"), default)).Outcome.Should().Be(AuthOutcome.Denied);
    }

    [RequiresLibsodiumFact]
    public async Task AuthenticateAsync_Argon2Credentials_CheckedOffTheCallersThread()
    {
        // The caller may be a socket event thread that every connection shares: an argon2 check (here ~100 ms of CPU)
        // must not run on it, where a SHA-256 check completes at once.
        var sodium = SodiumPasswordHash.TryLoad()!;
        var slow = "argon2:" + sodium.Hash("secret", argon2i: false, opsLimit: 4, memLimit: 32 * 1024 * 1024);
        using var svc = Service(User("alice", slow, null, P("read")));
        var pending = svc.AuthenticateAsync(Make(AuthAction.Read, "a", "alice", "secret"), default);
        pending.IsCompleted.Should().BeFalse("the check was handed to the thread pool");
        (await pending).Should().Be(AuthResult.Ok("alice"));

        using var fast = Service(User("alice", "secret", null, P("read")));
        fast.AuthenticateAsync(Make(AuthAction.Read, "a", "alice", "secret"), default).IsCompleted.Should().BeTrue();
    }

    [Theory]
    [InlineData("192.168.1.0/24", "192.168.1.77", true)]
    [InlineData("192.168.1.5/24", "192.168.1.200", true)]
    [InlineData("192.168.1.0/24", "192.168.2.1", false)]
    [InlineData("192.168.1.0/24", "::ffff:192.168.1.9", true)]
    [InlineData("::ffff:10.0.0.0/104", "10.9.8.7", true)]
    [InlineData("10.0.0.1", "10.0.0.1", true)]
    [InlineData("10.0.0.1", "10.0.0.2", false)]
    [InlineData("2001:db8::/32", "2001:db8:1::5", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("2001:db8::/32", "192.168.1.1", false)]
    [InlineData("::1", "::1", true)]
    public async Task AuthenticateAsync_IpRules_MatchAddresses(string rule, string ip, bool allowed)
    {
        using var svc = Service(User("u", "p", [rule], P("read")));
        var r = await svc.AuthenticateAsync(Make(AuthAction.Read, "a", "u", "p", ip), default);
        r.IsOk.Should().Be(allowed);
        if (!allowed)
        {
            r.Reason.Should().Be("IP not allowed");
        }
    }

    [Theory]
    [InlineData("", "anything/at/all", true)]
    [InlineData("cam1", "cam1", true)]
    [InlineData("cam1", "cam12", false)]
    [InlineData("~^cam[0-9]+$", "cam42", true)]
    [InlineData("~^cam[0-9]+$", "camx", false)]
    [InlineData("~cam", "my/cam/x", true)]
    public async Task AuthenticateAsync_PathRules_MatchPaths(string rule, string path, bool allowed)
    {
        using var svc = Service(User("any", "", null, P("publish", rule)));
        (await svc.AuthenticateAsync(Make(AuthAction.Publish, path), default)).IsOk.Should().Be(allowed);
    }

    [Fact]
    public async Task AuthenticateAsync_ApiPermissionIgnoresPath()
    {
        using var svc = Service(User("any", "", null, P("api", "something")));
        (await svc.AuthenticateAsync(Make(AuthAction.Api, ""), default)).IsOk.Should().BeTrue();
    }

    [Fact]
    public async Task AuthenticateAsync_ActionMismatch_Denied()
    {
        using var svc = Service(User("alice", "pw", null, P("read")));
        var r = await svc.AuthenticateAsync(Make(AuthAction.Publish, "a", "alice", "pw"), default);
        r.Outcome.Should().Be(AuthOutcome.Denied);
        r.Reason.Should().Be("user doesn't have permission to perform action");
    }

    [Fact]
    public async Task AuthenticateAsync_UsersInOrder_FirstMatchWins()
    {
        using var svc = Service(
            User("alice", "pw", ["10.0.0.0/8"], P("read")),
            User("any", "", null, P("read", "public")),
            User("alice", "pw2", null, P("read")));
        (await svc.AuthenticateAsync(Make(AuthAction.Read, "private", "alice", "pw", "10.1.1.1"), default)).Should().Be(AuthResult.Ok("alice"));
        (await svc.AuthenticateAsync(Make(AuthAction.Read, "public", "alice", "bad"), default)).Should().Be(AuthResult.Ok("any"));
        (await svc.AuthenticateAsync(Make(AuthAction.Read, "private", "alice", "pw2"), default)).Should().Be(AuthResult.Ok("alice"));
        (await svc.AuthenticateAsync(Make(AuthAction.Read, "private", "alice", "pw", "192.0.2.1"), default)).Outcome.Should().Be(AuthOutcome.Denied);
    }

    [Fact]
    public async Task AuthenticateAsync_DigestCallback_GetsPlainCredentialsOfCandidates()
    {
        using var svc = Service(User("alice", "wrong", null, P("read")), User("alice", "right", null, P("read")), User("bob", "x", null, P("read")));
        var seen = new List<(string, string)>();
        var req = Make(AuthAction.Read, "a", "alice") with
        {
            VerifyCredentials = (u, p) =>
            {
                seen.Add((u, p));
                return p == "right";
            },
        };
        (await svc.AuthenticateAsync(req, default)).Should().Be(AuthResult.Ok("alice"));
        seen.Should().Equal(("alice", "wrong"), ("alice", "right"));
    }

    [Fact]
    public async Task AuthenticateAsync_DigestCallbackRejects_DeniedNotRequired()
    {
        using var svc = Service(User("alice", "pw", null, P("read")));
        var req = Make(AuthAction.Read, "a", "alice") with { VerifyCredentials = (_, _) => false };
        (await svc.AuthenticateAsync(req, default)).Outcome.Should().Be(AuthOutcome.Denied);
        _delay.Count.Should().Be(1);
    }

    [Fact]
    public async Task Reload_NewUsers_AppliedAndInvalidKeepsOld()
    {
        using var svc = Service(User("alice", "pw", null, P("read")));
        svc.Reload(new AuthOptions { InternalUsers = [User("bob", "pw", null, P("read"))] });
        (await svc.AuthenticateAsync(Make(AuthAction.Read, "a", "bob", "pw"), default)).IsOk.Should().BeTrue();
        (await svc.AuthenticateAsync(Make(AuthAction.Read, "a", "alice", "pw"), default)).IsOk.Should().BeFalse();

        var bad = () => svc.Reload(new AuthOptions { InternalUsers = [User("any", "pw", ["nope"], P("fly"), P("read", "~("))] });
        bad.Should().Throw<AuthOptionsException>().Which.Errors.Should().HaveCount(4);
        (await svc.AuthenticateAsync(Make(AuthAction.Read, "a", "bob", "pw"), default)).IsOk.Should().BeTrue();
    }

    [Theory]
    [InlineData("", "x", "empty user")]
    [InlineData("u", "sha256:notbase64!", "invalid sha256")]
    [InlineData("u", "argon2:$bcrypt$x", "invalid argon2")]
    public void Validate_BadUsers_ReportEveryError(string user, string pass, string expected)
    {
        var errors = AuthService.Validate(new AuthOptions { InternalUsers = [User(user, pass, null, P("read"))] });
        errors.Should().ContainSingle().Which.Should().Contain(expected);
    }

    [Theory]
    [InlineData("ldap", "invalid authMethod")]
    [InlineData("jwt", "authJWTJWKS")]
    [InlineData("http", "authHTTPAddress")]
    public void Validate_BadMethod_Reported(string method, string expected)
    {
        AuthService.Validate(new AuthOptions { Method = method }).Should().ContainSingle().Which.Should().Contain(expected);
    }

    [Fact]
    public void Validate_Defaults_NoErrors()
    {
        AuthService.Validate(new AuthOptions()).Should().BeEmpty();
        AuthOptions.DefaultInternalUsers.Should().HaveCount(2);
    }

    [Fact]
    public async Task AuthenticateAsync_ConcurrentWithReload_NeverThrows()
    {
        using var svc = Service(User("alice", "pw", null, P("read")));
        var ok = ImmutableArray.Create(User("alice", "pw", null, P("read")));
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                (await svc.AuthenticateAsync(Make(AuthAction.Read, "a", "alice", "pw"), default)).IsOk.Should().BeTrue();
            }
        })).ToArray();
        for (var i = 0; i < 200; i++)
        {
            svc.Reload(new AuthOptions { InternalUsers = ok });
        }

        await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(20));
    }
}
