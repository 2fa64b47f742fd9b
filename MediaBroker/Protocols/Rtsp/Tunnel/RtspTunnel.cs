namespace MediaBroker.Protocols.Rtsp.Tunnel;

/// <summary>How an RTSP connection reaches the server: directly, or tunnelled (the API's <c>tunnel</c> field).</summary>
public enum RtspTunnel
{
    None,

    /// <summary>Apple's RTSP-over-HTTP: a GET carries server->client bytes, a POST base64 client->server bytes.</summary>
    Http,

    /// <summary>RTSP in the binary messages of a WebSocket (subprotocol <c>rtsp.onvif.org</c>).</summary>
    WebSocket,
}
