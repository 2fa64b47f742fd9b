namespace MediaBroker.Formats.Sdp;

/// <summary>An SDP body that is not a session description (RFC 8866 §5).</summary>
public sealed class SdpProtocolException : Exception
{
    public SdpProtocolException()
    {
    }

    public SdpProtocolException(string message)
        : base(message)
    {
    }

    public SdpProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
