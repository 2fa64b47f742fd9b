using System.Collections.Immutable;
using MediaBroker.Conf;

namespace MediaBroker.Auth;

/// <summary>
/// <c>authMethod: internal</c>: users in order, the first that matches grants access (MediaMTX's
/// authenticateInternal). A user matches when its name matches (or it is <c>any</c>), the client IP is in
/// its <c>ips</c>, one permission covers the action and path, and the pass matches (or, for RTSP Digest, the
/// request's callback accepts the configured credentials).
/// </summary>
internal sealed class InternalAuthMethod : IAuthMethod
{
    private readonly ImmutableArray<AuthInternalUser> _users;
    private readonly bool _slow;

    private InternalAuthMethod(ImmutableArray<AuthInternalUser> users)
    {
        _users = users;
        _slow = users.Any(u => u.User?.IsSlowToCheck == true || u.Pass?.IsSlowToCheck == true);
    }

    public static InternalAuthMethod? Create(ImmutableArray<AuthInternalUserConf> confs, Lazy<SodiumPasswordHash?> sodium, List<string> errors)
    {
        var builder = ImmutableArray.CreateBuilder<AuthInternalUser>();
        var before = errors.Count;
        var i = 0;
        foreach (var conf in confs.IsDefault ? [] : confs)
        {
            if (AuthInternalUser.Compile(conf, i++, sodium, errors) is { } user)
            {
                builder.Add(user);
            }
        }

        return errors.Count == before ? new InternalAuthMethod(builder.ToImmutable()) : null;
    }

    /// <remarks>
    /// With argon2 credentials the check runs on the thread pool: the caller may be a connection's socket event thread
    /// (inline completions), which every other connection shares, and an argon2 check takes tens of milliseconds.
    /// </remarks>
    public ValueTask<AuthResult> AuthenticateAsync(AuthRequest request, CancellationToken ct) =>
        _slow ? new(Task.Run(() => Authenticate(request), ct)) : new(Authenticate(request));

    public AuthResult Authenticate(AuthRequest request)
    {
        // The reason reported is the one of the first user whose name matched, the most useful hint in a log.
        string? reason = null;
        foreach (var user in _users)
        {
            var failure = Check(user, request);
            if (failure is null)
            {
                return AuthResult.Ok(user.IsAny ? "any" : request.User);
            }

            if (!user.IsAny && reason is null && failure != WrongUser)
            {
                reason = failure;
            }
        }

        return AuthResult.Denied(reason ?? "no user matches");
    }

    private const string WrongUser = "wrong user";

    private static string? Check(AuthInternalUser user, AuthRequest request)
    {
        if (!user.IsAny && !user.User!.Check(request.User))
        {
            return WrongUser;
        }

        if (!user.Ips.Contains(request.RemoteIp))
        {
            return "IP not allowed";
        }

        if (!AuthPermission.AnyMatches(user.Permissions, request.Action, request.Path))
        {
            return "user doesn't have permission to perform action";
        }

        if (user.IsAny)
        {
            return null;
        }

        if (request.VerifyCredentials is { } verify)
        {
            return verify(user.User!.Raw, user.Pass!.Raw) ? null : "invalid credentials";
        }

        return user.Pass!.Check(request.Password) ? null : "invalid credentials";
    }
}
