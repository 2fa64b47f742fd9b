namespace MediaBroker.Forward;

/// <summary>MediaMTX's forward destination states (API <c>state</c>, metrics label).</summary>
public enum PushState
{
    /// <summary>Not connected yet, or the stream ended.</summary>
    Idle,

    /// <summary>The destination accepted the stream and media is being sent.</summary>
    Forwarding,

    /// <summary>The last attempt failed (see <see cref="PushSession.LastError"/>); retrying with back-off.</summary>
    Error,
}

public static class PushStateNames
{
    /// <summary>The wire name: idle, forwarding, error.</summary>
    public static string ToApi(this PushState state) => state switch
    {
        PushState.Forwarding => "forwarding",
        PushState.Error => "error",
        _ => "idle",
    };
}
