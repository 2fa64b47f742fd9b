namespace MediaBroker.Protocols.WebRtc.Dtls;

/// <summary>
/// Our side of the DTLS handshake. With <c>a=setup:passive</c> (we answer a browser's offer) we are the
/// server; with <c>a=setup:active</c> (WHIP/WHEP client) we are the client (RFC 5763 §5, RFC 8842).
/// </summary>
public enum DtlsRole
{
    Server,
    Client,
}
