namespace MediaBroker.Protocols.WebRtc.Dtls;

/// <summary>The DTLS-SRTP handshake failed: timeout, fingerprint mismatch, no common SRTP profile or a fatal alert.</summary>
public sealed class DtlsHandshakeException : Exception
{
    public DtlsHandshakeException()
    {
    }

    public DtlsHandshakeException(string message)
        : base(message)
    {
    }

    public DtlsHandshakeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
