namespace MediaBroker.Conf;

/// <summary>One item of <c>webrtcICEServers2</c>: a STUN or TURN server offered to WebRTC peers.</summary>
public sealed record WebrtcIceServerConf
{
    /// <summary><c>stun:host:port</c>, <c>turn:host:port</c> or <c>turns:host:port</c>.</summary>
    public string Url { get; init; } = "";

    /// <summary>TURN user; <c>AUTH_SECRET</c> selects the TURN REST shared-secret scheme with <see cref="Password"/> as secret.</summary>
    public string Username { get; init; } = "";
    public string Password { get; init; } = "";

    /// <summary>Offered to clients only; the server itself does not use it.</summary>
    public bool ClientOnly { get; init; }
}
