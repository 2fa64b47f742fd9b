using System.Collections.Frozen;
using System.Collections.Immutable;

namespace MediaBroker.Conf;

/// <summary>
/// MediaBroker extension, one item of <c>triggers</c>: MistServer's trigger handler entry
/// (<c>{handler, sync, streams}</c>) with the trigger's name as a field, so that the list maps onto YAML and env
/// overrides like any other list.
/// </summary>
public sealed record TriggerConf
{
    /// <summary>MistServer's trigger name (<c>STREAM_PUSH</c>, <c>USER_NEW</c>...); one of <see cref="Names"/>.</summary>
    public string Trigger { get; init; } = "";

    /// <summary>An http:// or https:// URL (contains <c>://</c>) or the path of an executable.</summary>
    public string Handler { get; init; } = "";

    /// <summary>Blocking: the event waits for the response (MistServer's <c>sync</c>, the opposite of <c>nonblocking</c>).</summary>
    public bool Sync { get; init; }

    /// <summary>The paths (MistServer's streams) the trigger fires for; empty means every path.</summary>
    public ImmutableArray<string> Streams { get; init; } = [];

    /// <summary>The response assumed when the handler fails or does not answer within <c>triggersTimeout</c>.</summary>
    public string Default { get; init; } = "";

    /// <summary>The triggers this broker fires (docs/triggers.md).</summary>
    public static FrozenSet<string> Names { get; } = FrozenSet.ToFrozenSet(
    [
        "SYSTEM_START", "SYSTEM_STOP", "STREAM_READY", "STREAM_END", "STREAM_PUSH", "PUSH_REWRITE", "RTMP_PUSH_REWRITE",
        "USER_NEW", "USER_END", "CONN_OPEN", "CONN_CLOSE", "CONN_PLAY", "PUSH_OUT_START", "PUSH_END", "RECORDING_END",
        "LIVE_TRACK_LIST",
    ], StringComparer.Ordinal);

    /// <summary>Triggers whose response is the new value: they must be blocking.</summary>
    public static FrozenSet<string> RewriteNames { get; } = FrozenSet.ToFrozenSet(
        ["PUSH_REWRITE", "RTMP_PUSH_REWRITE", "PUSH_OUT_START"], StringComparer.Ordinal);

    /// <summary>Notifications: nothing waits for them, so they cannot be blocking.</summary>
    public static FrozenSet<string> NotificationNames { get; } = FrozenSet.ToFrozenSet(
        ["STREAM_END", "USER_END", "CONN_CLOSE", "PUSH_END", "RECORDING_END", "LIVE_TRACK_LIST"], StringComparer.Ordinal);
}
