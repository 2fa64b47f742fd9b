namespace MediaBroker.Formats.Rtp;

/// <summary>Malformed RTP or RTCP data (wrong version, lengths that overrun the datagram...).</summary>
public sealed class RtpProtocolException : Exception
{
    public RtpProtocolException()
    {
    }

    public RtpProtocolException(string message)
        : base(message)
    {
    }

    public RtpProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
