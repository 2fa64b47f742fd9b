namespace MediaBroker.Protocols.Rtmp;

/// <summary>A violation of the RTMP protocol (handshake, chunk stream, command); the connection is closed.</summary>
public sealed class RtmpProtocolException : Exception
{
    public RtmpProtocolException()
    {
    }

    public RtmpProtocolException(string message)
        : base(message)
    {
    }

    public RtmpProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
