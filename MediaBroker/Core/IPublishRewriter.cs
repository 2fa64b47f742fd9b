namespace MediaBroker.Core;

/// <summary>
/// Decides the path an incoming publish goes to before anything else is checked (MistServer's PUSH_REWRITE and
/// RTMP_PUSH_REWRITE triggers). Optional: without one, the protocol's path is used as it is.
/// </summary>
public interface IPublishRewriter
{
    /// <summary>Returns the request to publish with (the same one, or one with another path/query), or null to refuse it.</summary>
    ValueTask<AccessRequest?> RewriteAsync(AccessRequest access, CancellationToken ct);
}
