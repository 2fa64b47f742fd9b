using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace MediaBroker.Protocols.WebRtc.Stun;

/// <summary>
/// A parsed STUN message (RFC 8489). STUN is control traffic (a few checks per second per peer), so the
/// parser copies the message once and decodes the attributes ICE needs; media never goes through here.
/// </summary>
public sealed class StunMessage
{
    private readonly byte[] _raw;
    private readonly StunAttribute[] _attributes;

    private StunMessage(byte[] raw, StunAttribute[] attributes)
    {
        _raw = raw;
        _attributes = attributes;
    }

    /// <summary>The 14-bit message type (method and class).</summary>
    public ushort MessageType => BinaryPrimitives.ReadUInt16BigEndian(_raw);

    public ushort Method => StunConstants.MethodOf(MessageType);

    public StunClass Class => StunConstants.ClassOf(MessageType);

    public ReadOnlySpan<byte> TransactionId => _raw.AsSpan(8, StunConstants.TransactionIdLength);

    /// <summary>The whole message as received, header included.</summary>
    public ReadOnlySpan<byte> Raw => _raw;

    public IReadOnlyList<StunAttribute> Attributes => _attributes;

    public string? Username { get; private init; }

    public string? Software { get; private init; }

    public string? Realm { get; private init; }

    public string? Nonce { get; private init; }

    public uint? Priority { get; private init; }

    public bool UseCandidate { get; private init; }

    public ulong? IceControlling { get; private init; }

    public ulong? IceControlled { get; private init; }

    public IPEndPoint? XorMappedAddress { get; private init; }

    public StunErrorCode? ErrorCode { get; private init; }

    /// <summary>Offset of the MESSAGE-INTEGRITY attribute header in <see cref="Raw"/>, or -1.</summary>
    public int MessageIntegrityOffset { get; private init; } = -1;

    /// <summary>True when a FINGERPRINT attribute was present (it is always verified while parsing).</summary>
    public bool HasFingerprint { get; private init; }

    public bool IsBindingRequest => MessageType == StunConstants.MessageType(StunConstants.MethodBinding, StunClass.Request);

    /// <summary>Quick RFC 7983 / RFC 8489 §6 check: two zero top bits, 4-byte aligned length and the magic cookie.</summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> data)
        => data.Length >= StunConstants.HeaderLength
           && (data[0] & 0xC0) == 0
           && BinaryPrimitives.ReadUInt32BigEndian(data[4..]) == StunConstants.MagicCookie;

    /// <summary>
    /// Parses one STUN message. Returns false when the input is not STUN (top bits, magic cookie) or is
    /// shorter than the header's length says; throws <see cref="StunProtocolException"/> on malformed
    /// attributes or a wrong FINGERPRINT.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, [NotNullWhen(true)] out StunMessage? message)
    {
        message = null;
        if (!LooksLikeStun(data))
        {
            return false;
        }

        int bodyLength = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if ((bodyLength & 3) != 0)
        {
            throw new StunProtocolException("STUN message length is not a multiple of 4");
        }

        int total = StunConstants.HeaderLength + bodyLength;
        if (data.Length < total)
        {
            return false;
        }

        message = Decode(data[..total].ToArray());
        return true;
    }

    /// <summary>
    /// Checks MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 over the message up to the attribute, with the
    /// header length adjusted to end just after it. The key is the UTF-8 password for short-term
    /// credentials (ICE), or <see cref="StunCredentials.LongTermKey"/> for long-term ones.
    /// </summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (MessageIntegrityOffset < 0)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[20];
        StunIntegrity.Compute(_raw.AsSpan(0, MessageIntegrityOffset), key, mac);
        return CryptographicOperations.FixedTimeEquals(mac, _raw.AsSpan(MessageIntegrityOffset + 4, 20));
    }

    public bool VerifyMessageIntegrity(string password) => VerifyMessageIntegrity(Encoding.UTF8.GetBytes(password));

    /// <summary>The value bytes of the first attribute of a type, or an empty span.</summary>
    public ReadOnlySpan<byte> GetAttribute(ushort type)
    {
        foreach (var a in _attributes)
        {
            if (a.Type == type)
            {
                return _raw.AsSpan(a.ValueOffset, a.ValueLength);
            }
        }

        return default;
    }

    private static StunMessage Decode(byte[] raw)
    {
        var attributes = new List<StunAttribute>();
        string? username = null, software = null, realm = null, nonce = null;
        uint? priority = null;
        bool useCandidate = false, hasFingerprint = false;
        ulong? controlling = null, controlled = null;
        IPEndPoint? xorMapped = null;
        StunErrorCode? error = null;
        int integrityOffset = -1;

        int pos = StunConstants.HeaderLength;
        while (pos < raw.Length)
        {
            if (hasFingerprint)
            {
                throw new StunProtocolException("attribute after FINGERPRINT");
            }

            if (raw.Length - pos < 4)
            {
                throw new StunProtocolException("truncated attribute header");
            }

            ushort type = BinaryPrimitives.ReadUInt16BigEndian(raw.AsSpan(pos));
            int length = BinaryPrimitives.ReadUInt16BigEndian(raw.AsSpan(pos + 2));
            int valueOffset = pos + 4;
            int padded = (length + 3) & ~3;
            if (raw.Length - valueOffset < padded)
            {
                throw new StunProtocolException("attribute overruns the message");
            }

            var value = raw.AsSpan(valueOffset, length);
            pos = valueOffset + padded;

            // RFC 8489 §14.5: attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored.
            if (integrityOffset >= 0 && type != StunConstants.AttrFingerprint)
            {
                continue;
            }

            attributes.Add(new StunAttribute(type, valueOffset, length));
            switch (type)
            {
                case StunConstants.AttrUsername:
                    username = DecodeText(value);
                    break;
                case StunConstants.AttrSoftware:
                    software = DecodeText(value);
                    break;
                case StunConstants.AttrRealm:
                    realm = DecodeText(value);
                    break;
                case StunConstants.AttrNonce:
                    nonce = DecodeText(value);
                    break;
                case StunConstants.AttrPriority:
                    priority = BinaryPrimitives.ReadUInt32BigEndian(Fixed(value, 4));
                    break;
                case StunConstants.AttrUseCandidate:
                    useCandidate = true;
                    break;
                case StunConstants.AttrIceControlling:
                    controlling = BinaryPrimitives.ReadUInt64BigEndian(Fixed(value, 8));
                    break;
                case StunConstants.AttrIceControlled:
                    controlled = BinaryPrimitives.ReadUInt64BigEndian(Fixed(value, 8));
                    break;
                case StunConstants.AttrXorMappedAddress:
                    xorMapped = StunAddress.ReadXor(value, raw.AsSpan(8, StunConstants.TransactionIdLength));
                    break;
                case StunConstants.AttrErrorCode:
                    error = DecodeError(value);
                    break;
                case StunConstants.AttrMessageIntegrity:
                    Fixed(value, 20);
                    integrityOffset = valueOffset - 4;
                    break;
                case StunConstants.AttrFingerprint:
                    VerifyFingerprint(raw, valueOffset - 4, Fixed(value, 4));
                    hasFingerprint = true;
                    break;
                default:
                    break;
            }
        }

        return new StunMessage(raw, [.. attributes])
        {
            Username = username,
            Software = software,
            Realm = realm,
            Nonce = nonce,
            Priority = priority,
            UseCandidate = useCandidate,
            IceControlling = controlling,
            IceControlled = controlled,
            XorMappedAddress = xorMapped,
            ErrorCode = error,
            MessageIntegrityOffset = integrityOffset,
            HasFingerprint = hasFingerprint,
        };
    }

    private static ReadOnlySpan<byte> Fixed(ReadOnlySpan<byte> value, int length)
        => value.Length == length ? value : throw new StunProtocolException("attribute has the wrong length");

    private static string DecodeText(ReadOnlySpan<byte> value)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(value);
        }
        catch (DecoderFallbackException ex)
        {
            throw new StunProtocolException("attribute is not valid UTF-8", ex);
        }
    }

    private static StunErrorCode DecodeError(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4)
        {
            throw new StunProtocolException("ERROR-CODE too short");
        }

        int code = ((value[2] & 0x07) * 100) + value[3];
        return new StunErrorCode(code, DecodeText(value[4..]));
    }

    private static void VerifyFingerprint(byte[] raw, int attributeOffset, ReadOnlySpan<byte> value)
    {
        // RFC 8489 §14.7: CRC-32 of the message up to the attribute, with the header length covering it.
        Span<byte> header = stackalloc byte[StunConstants.HeaderLength];
        raw.AsSpan(0, StunConstants.HeaderLength).CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(attributeOffset + 8 - StunConstants.HeaderLength));
        uint crc = StunCrc32.Compute(header, raw.AsSpan(StunConstants.HeaderLength, attributeOffset - StunConstants.HeaderLength));
        if ((crc ^ StunConstants.FingerprintXor) != BinaryPrimitives.ReadUInt32BigEndian(value))
        {
            throw new StunProtocolException("FINGERPRINT mismatch");
        }
    }
}
