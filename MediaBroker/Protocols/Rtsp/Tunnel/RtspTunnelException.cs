namespace MediaBroker.Protocols.Rtsp.Tunnel;

/// <summary>Malformed tunnel input (HTTP header, base64, WebSocket frame): the connection closes with this reason.</summary>
public sealed class RtspTunnelException(string message) : Exception(message);
