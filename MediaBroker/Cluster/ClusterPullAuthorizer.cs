using MediaBroker.Core;

namespace MediaBroker.Cluster;

/// <summary>
/// Lets another node of the cluster read any path over RTSP or SRT with the cluster credential (user
/// <see cref="ClusterNode.PullUser"/>, the secret the nodes share in Redis); every other request goes to the
/// node's own auth. Who can read Redis is trusted as a node.
/// </summary>
public sealed class ClusterPullAuthorizer(IPathAuthorizer inner, ClusterNode node) : IPathAuthorizer
{
    public ValueTask<AuthDecision> AuthorizeAsync(AccessRequest access, PathAction action, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(access);
        return action == PathAction.Read && access.Protocol is "rtsp" or "srt" && node.IsPullCredential(access.User, access.Password, access.VerifyCredentials)
            ? ValueTask.FromResult(AuthDecision.Allowed)
            : inner.AuthorizeAsync(access, action, ct);
    }
}
