namespace MediaBroker.Protocols.WebRtc.Client;

/// <summary>How a <see cref="WhepClientTransport"/> sets up its socket and when it gives up.</summary>
internal sealed record WhepClientOptions
{
    /// <summary>SO_RCVBUF in bytes for the UDP socket; 0 keeps the system default.</summary>
    public int ReceiveBufferSize { get; init; }

    /// <summary>With nothing received for this long, the receive loop fails with a <see cref="TimeoutException"/>.</summary>
    public TimeSpan IdleTimeout { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>How errors name the peer ("WHEP server", "WHIP server").</summary>
    public string ServerName { get; init; } = "WHEP server";
}
