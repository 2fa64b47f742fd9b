namespace MediaBroker.Core;

public enum AuthDecision
{
    Allowed,

    /// <summary>No credentials were given and some are needed: the protocol asks for them (401) quietly.</summary>
    CredentialsRequired,

    Denied,
}

/// <summary>What the path manager needs from the auth service. Called outside any path lock.</summary>
public interface IPathAuthorizer
{
    ValueTask<AuthDecision> AuthorizeAsync(AccessRequest access, PathAction action, CancellationToken ct);
}
