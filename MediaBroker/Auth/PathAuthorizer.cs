using MediaBroker.Core;

namespace MediaBroker.Auth;

/// <summary>Lets the path manager ask the auth service: maps a path request onto MediaMTX's auth request.</summary>
public sealed class PathAuthorizer(AuthService auth) : IPathAuthorizer
{
    public async ValueTask<AuthDecision> AuthorizeAsync(AccessRequest access, PathAction action, CancellationToken ct)
    {
        var result = await auth.AuthenticateAsync(ToAuthRequest(access, action), ct).ConfigureAwait(false);
        return result.Outcome switch
        {
            AuthOutcome.Ok => AuthDecision.Allowed,
            AuthOutcome.CredentialsRequired => AuthDecision.CredentialsRequired,
            _ => AuthDecision.Denied,
        };
    }

    public static AuthRequest ToAuthRequest(AccessRequest access, PathAction action) => new()
    {
        Action = action == PathAction.Publish ? AuthAction.Publish : AuthAction.Read,
        Path = access.Path,
        Query = access.Query,
        User = access.User ?? "",
        Password = access.Password ?? "",
        Token = access.Token ?? "",
        RemoteIp = access.RemoteIp,
        Protocol = access.Protocol,
        Id = access.ConnectionId,
        UserAgent = access.UserAgent ?? "",
        VerifyCredentials = access.VerifyCredentials,
    };
}
