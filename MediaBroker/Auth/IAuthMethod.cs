namespace MediaBroker.Auth;

/// <summary>
/// One <c>authMethod</c> (internal, http, jwt). Implementations are immutable snapshots built per reload,
/// so a request in flight keeps the method it started with. They answer <see cref="AuthOutcome.Ok"/> or
/// <see cref="AuthOutcome.Denied"/>; the <see cref="AuthService"/> turns a denial without credentials into
/// <see cref="AuthOutcome.CredentialsRequired"/>, and logs and delays the others.
/// </summary>
public interface IAuthMethod
{
    ValueTask<AuthResult> AuthenticateAsync(AuthRequest request, CancellationToken ct);
}
