namespace MediaBroker.Auth;

/// <summary>The three answers of <see cref="AuthService.AuthenticateAsync"/>.</summary>
public enum AuthOutcome
{
    /// <summary>Allowed; <see cref="AuthResult.User"/> names the matched user ("any" for anonymous access).</summary>
    Ok,

    /// <summary>The client sent no credentials and none would match: ask for them (RTSP 401, HTTP 401 +
    /// <c>WWW-Authenticate</c>) without logging or delaying.</summary>
    CredentialsRequired,

    /// <summary>Denied; the failure was logged and the reply already delayed. <see cref="AuthResult.Reason"/> says why.</summary>
    Denied,
}

/// <summary>An authentication answer. Expected outcomes are values, not exceptions.</summary>
public readonly record struct AuthResult(AuthOutcome Outcome, string User, string Reason)
{
    public bool IsOk => Outcome == AuthOutcome.Ok;

    public static AuthResult Ok(string user) => new(AuthOutcome.Ok, user, "");

    public static AuthResult CredentialsRequired { get; } = new(AuthOutcome.CredentialsRequired, "", "credentials required");

    public static AuthResult Denied(string reason) => new(AuthOutcome.Denied, "", reason);
}
