namespace MediaBroker.Protocols.WebRtc.Signalling;

/// <summary>An offer we cannot answer (bad SDP, no common codec); the message goes to the client as is.</summary>
public sealed class WebRtcNegotiationException : Exception
{
    public WebRtcNegotiationException()
    {
    }

    public WebRtcNegotiationException(string message)
        : base(message)
    {
    }

    public WebRtcNegotiationException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
