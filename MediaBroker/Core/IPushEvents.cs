namespace MediaBroker.Core;

/// <summary>
/// Observers of outgoing pushes (triggers PUSH_OUT_START / PUSH_END). Called outside any lock.
/// </summary>
public interface IPushEvents
{
    /// <summary>
    /// A push of <paramref name="pathName"/> to <paramref name="targetUrl"/> is about to connect. Returns the URL to use
    /// (the same, or a rewritten one), or an empty string to cancel this attempt.
    /// </summary>
    ValueTask<string> PushStartingAsync(string pathName, string targetUrl, CancellationToken ct);

    /// <summary>
    /// A push ended (the stream ended, it was stopped, or it failed with <paramref name="error"/>).
    /// <paramref name="configuredUrl"/> is the target as the push was given it, <paramref name="usedUrl"/> the one the
    /// attempt connected to (after <see cref="PushStartingAsync"/> rewrote it).
    /// </summary>
    void PushEnded(string pathName, string configuredUrl, string usedUrl, string? error);
}
