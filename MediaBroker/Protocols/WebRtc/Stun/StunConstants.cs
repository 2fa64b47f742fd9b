namespace MediaBroker.Protocols.WebRtc.Stun;

/// <summary>STUN message classes, already shifted into their bit positions (RFC 8489 §5: C1 = bit 8, C0 = bit 4).</summary>
public enum StunClass : ushort
{
    Request = 0x0000,
    Indication = 0x0010,
    SuccessResponse = 0x0100,
    ErrorResponse = 0x0110,
}

/// <summary>Well-known STUN/ICE numbers (RFC 8489 §18, RFC 8445 §16).</summary>
public static class StunConstants
{
    public const uint MagicCookie = 0x2112A442;
    public const int HeaderLength = 20;
    public const int TransactionIdLength = 12;
    public const ushort MethodBinding = 0x0001;

    /// <summary>XOR of the CRC-32 in FINGERPRINT (RFC 8489 §14.7).</summary>
    public const uint FingerprintXor = 0x5354554E;

    public const ushort AttrMappedAddress = 0x0001;
    public const ushort AttrUsername = 0x0006;
    public const ushort AttrMessageIntegrity = 0x0008;
    public const ushort AttrErrorCode = 0x0009;
    public const ushort AttrUnknownAttributes = 0x000A;
    public const ushort AttrRealm = 0x0014;
    public const ushort AttrNonce = 0x0015;
    public const ushort AttrMessageIntegritySha256 = 0x001C;
    public const ushort AttrXorMappedAddress = 0x0020;
    public const ushort AttrPriority = 0x0024;
    public const ushort AttrUseCandidate = 0x0025;
    public const ushort AttrSoftware = 0x8022;
    public const ushort AttrFingerprint = 0x8028;
    public const ushort AttrIceControlled = 0x8029;
    public const ushort AttrIceControlling = 0x802A;

    /// <summary>Combines a method (12 bits) and a class into the 14-bit message type (RFC 8489 §5, Figure 3).</summary>
    public static ushort MessageType(ushort method, StunClass cls)
        => (ushort)((method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2) | (ushort)cls);

    public static ushort MethodOf(ushort messageType)
        => (ushort)((messageType & 0x000F) | ((messageType & 0x00E0) >> 1) | ((messageType & 0x3E00) >> 2));

    public static StunClass ClassOf(ushort messageType) => (StunClass)(messageType & 0x0110);
}
