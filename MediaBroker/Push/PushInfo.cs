namespace MediaBroker.Push;

/// <summary>
/// One push as the API shows it (<c>/v3/pushes/list</c>; MistServer's push_list gives id, path, target, resolvedTarget).
/// </summary>
/// <param name="Id">Unique in this process; push_stop and <c>/v3/pushes/stop/{id}</c> take it.</param>
/// <param name="Target">The target as requested (or as written in the auto-push rule).</param>
/// <param name="ResolvedTarget">After variable substitution and any PUSH_OUT_START rewrite.</param>
/// <param name="State">idle (connecting or waiting to retry), forwarding (the destination accepted the stream) or error (the last attempt failed).</param>
/// <param name="Auto">Started by an auto-push rule.</param>
public sealed record PushInfo(
    int Id,
    string Path,
    string Target,
    string ResolvedTarget,
    string Protocol,
    string State,
    string? LastError,
    long OutboundBytes,
    DateTime Created,
    bool Auto);
