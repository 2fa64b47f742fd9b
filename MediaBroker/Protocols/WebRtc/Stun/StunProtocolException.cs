namespace MediaBroker.Protocols.WebRtc.Stun;

/// <summary>Thrown only for malformed STUN input (RFC 8489 §6); incomplete or non-STUN input is a false return.</summary>
public sealed class StunProtocolException : Exception
{
    public StunProtocolException()
    {
    }

    public StunProtocolException(string message)
        : base(message)
    {
    }

    public StunProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
