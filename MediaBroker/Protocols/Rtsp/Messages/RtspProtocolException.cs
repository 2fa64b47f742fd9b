namespace MediaBroker.Protocols.Rtsp.Messages;

/// <summary>A malformed RTSP message; <see cref="StatusCode"/> is what the peer is answered before the connection closes.</summary>
public sealed class RtspProtocolException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
