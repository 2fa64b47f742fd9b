namespace MediaBroker.Formats.Rtp.Srtp;

/// <summary>Outcome of unprotecting one packet; failures are expected on the wire and are values, not exceptions.</summary>
public enum SrtpResult
{
    Ok,

    /// <summary>Too short, or the RTP/RTCP header does not fit.</summary>
    Malformed,

    /// <summary>The tag did not verify (wrong key, corruption or forgery).</summary>
    AuthenticationFailed,

    /// <summary>Already received, or older than the replay window (RFC 3711 §3.3.2).</summary>
    Replayed,
}
