namespace MediaBroker.Protocols.WebRtc.Stun;

/// <summary>One attribute of a parsed <see cref="StunMessage"/>: its type and where its value lies in <see cref="StunMessage.Raw"/>.</summary>
public readonly record struct StunAttribute(ushort Type, int ValueOffset, int ValueLength);

/// <summary>The ERROR-CODE attribute (RFC 8489 §14.8): a code 300-699 and a UTF-8 reason phrase.</summary>
public sealed record StunErrorCode(int Code, string Reason);
