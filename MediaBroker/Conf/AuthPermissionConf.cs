namespace MediaBroker.Conf;

/// <summary>One permission: an action (publish, read, playback, api, metrics, pprof) and an optional path ("" any, "~regex", exact).</summary>
public sealed record AuthPermissionConf(
    [property: ConfOneOf("publish", "read", "playback", "api", "metrics", "pprof")] string Action,
    string Path = "");
