namespace MediaBroker.Protocols.Rtsp.Mikey;

/// <summary>One entry of the SRTP-ID crypto-session map of a MIKEY header (RFC 3830 §6.1.1): a stream and its rollover counter.</summary>
public readonly record struct MikeyCryptoSession(byte PolicyNo, uint Ssrc, uint Roc);
