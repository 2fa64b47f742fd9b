using System.Buffers.Binary;
using System.Security.Cryptography;
using MediaBroker.Formats.Rtp.Srtp;

namespace MediaBroker.Protocols.Rtsp.Mikey;

public sealed partial record MikeyMessage
{
    /// <summary>A new message for the streams we send: fresh random key, salt, RAND and CSB ID.</summary>
    public static MikeyMessage Create(IReadOnlyList<MikeyCryptoSession> sessions, DateTimeOffset now) => new()
    {
        CsbId = BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4)),
        Sessions = sessions,
        Timestamp = ToNtp(now),
        Rand = RandomNumberGenerator.GetBytes(16),
        MasterKey = RandomNumberGenerator.GetBytes(16),
        MasterSalt = RandomNumberGenerator.GetBytes(14),
    };

    /// <summary>Serializes HDR, T, RAND, SP and a NULL-encrypted KEMAC without MAC.</summary>
    public byte[] Build()
    {
        // Exactly GStreamer's parameters: it reads "auth key length" as the tag length (10 = HMAC-SHA1-80).
        byte[] policy =
        [
            ParamEncAlg, 1, EncAesCm, ParamEncKeyLen, 1, 16, ParamAuthAlg, 1, AuthHmacSha1, ParamAuthKeyLen, 1, 10,
            ParamSrtpEnc, 1, 1, ParamSrtcpEnc, 1, 1, ParamSrtpAuth, 1, 1,
        ];
        int keyData = MasterKey.Length + MasterSalt.Length;
        int length = 10 + (Sessions.Count * 9) + 10 + (2 + Rand.Length) + (5 + policy.Length) + (4 + 4 + keyData + 1);
        var b = new byte[length];
        b[0] = 1;
        b[1] = DataTypePskInit;
        b[2] = PayloadT;
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(4), CsbId);
        b[8] = (byte)Sessions.Count;
        b[9] = MapTypeSrtpId;
        int pos = 10;
        foreach (var s in Sessions)
        {
            b[pos] = s.PolicyNo;
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(pos + 1), s.Ssrc);
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(pos + 5), s.Roc);
            pos += 9;
        }

        b[pos] = PayloadRand;
        b[pos + 1] = TsTypeNtpUtc;
        BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(pos + 2), Timestamp);
        pos += 10;
        b[pos] = PayloadSp;
        b[pos + 1] = (byte)Rand.Length;
        Rand.CopyTo(b, pos + 2);
        pos += 2 + Rand.Length;
        b[pos] = PayloadKemac;
        b[pos + 1] = 0;
        b[pos + 2] = ProtSrtp;
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(pos + 3), (ushort)policy.Length);
        policy.CopyTo(b, pos + 5);
        pos += 5 + policy.Length;
        b[pos] = PayloadLast;
        b[pos + 1] = 0; // NULL encryption: the RTSP channel is TLS.
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(pos + 2), (ushort)(4 + keyData));
        b[pos + 4] = PayloadLast;
        b[pos + 5] = KeyTypeTek << 4;
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(pos + 6), (ushort)keyData);
        MasterKey.CopyTo(b, pos + 8);
        MasterSalt.CopyTo(b, pos + 8 + MasterKey.Length);
        b[pos + 8 + keyData] = 0; // MAC algorithm NULL.
        return b;
    }

    /// <summary>A reader-to-be context: protects what we send with this message's key.</summary>
    public SrtpContext CreateContext() => new(Profile, MasterKey, MasterSalt);

    private static ulong ToNtp(DateTimeOffset t)
    {
        var since1900 = t - new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
        ulong seconds = (ulong)since1900.Ticks / TimeSpan.TicksPerSecond;
        ulong fraction = ((ulong)since1900.Ticks % TimeSpan.TicksPerSecond << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }
}
