namespace MediaBroker.Protocols.Rtsp.Tunnel;

/// <summary>
/// The payload of the last ping, handed from the WebSocket's receive loop to its send loop (the only writer of the
/// socket); a newer ping replaces an unanswered one, which RFC 6455 §5.5.3 allows.
/// </summary>
internal sealed class WebSocketPongSlot
{
    private byte[]? _payload;

    public void Set(byte[] payload) => Interlocked.Exchange(ref _payload, payload);

    public byte[]? Take() => Interlocked.Exchange(ref _payload, null);
}
