using System.Buffers.Binary;
using MediaBroker.Formats.Rtp.Srtp;

namespace MediaBroker.Protocols.Rtsp.Mikey;

public sealed partial record MikeyMessage
{
    /// <summary>Parses a MIKEY message; false when it is malformed or uses a mode or policy we cannot do.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out MikeyMessage? message)
    {
        message = null;

        // Common header (§6.1): version, data type, next payload, V|PRF, CSB ID, #CS, CS ID map type, map.
        if (data.Length < 10 || data[0] != 1 || data[1] != DataTypePskInit || (data[8] != 0 && data[9] != MapTypeSrtpId))
        {
            return false;
        }

        byte next = data[2];
        uint csbId = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        int count = data[8];
        int pos = 10;
        if (data.Length < pos + (count * 9))
        {
            return false;
        }

        var sessions = new MikeyCryptoSession[count];
        for (int i = 0; i < count; i++, pos += 9)
        {
            sessions[i] = new MikeyCryptoSession(data[pos], BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 1)..]), BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 5)..]));
        }

        ulong timestamp = 0;
        byte[] rand = [];
        byte[]? key = null;
        byte[] salt = [];
        SrtpProfile? profile = SrtpProfile.Aes128CmHmacSha1_80;
        while (next != PayloadLast)
        {
            if (pos + 2 > data.Length)
            {
                return false;
            }

            byte type = next;
            next = data[pos];
            var body = data[(pos + 1)..];
            int length;
            switch (type)
            {
                case PayloadT:
                    // Only NTP-UTC/NTP (8 bytes) are sent by the clients we know; COUNTER (4 bytes) also fits.
                    length = body[0] == 2 ? 5 : 9;
                    if (body.Length < length)
                    {
                        return false;
                    }

                    timestamp = length == 9 ? BinaryPrimitives.ReadUInt64BigEndian(body[1..]) : BinaryPrimitives.ReadUInt32BigEndian(body[1..]);
                    break;
                case PayloadRand:
                    length = 1 + body[0];
                    if (body.Length < length)
                    {
                        return false;
                    }

                    rand = body[1..length].ToArray();
                    break;
                case PayloadSp:
                    if (body.Length < 4 || body[1] != ProtSrtp || body.Length < 4 + BinaryPrimitives.ReadUInt16BigEndian(body[2..]))
                    {
                        return false;
                    }

                    length = 4 + BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
                    profile = ReadPolicy(body[4..length]);
                    break;
                case PayloadKemac:
                    if (!TryReadKemac(body, out length, out key, out salt))
                    {
                        return false;
                    }

                    break;
                default:
                    return false;
            }

            pos += 1 + length;
        }

        if (key is null || profile is null || key.Length != profile.Value.KeyLength())
        {
            return false;
        }

        message = new MikeyMessage
        {
            CsbId = csbId, Sessions = sessions, Timestamp = timestamp, Rand = rand, Profile = profile.Value, MasterKey = key, MasterSalt = salt,
        };
        return true;
    }

    /// <summary>The SRTP policy parameters (§6.10.1); null for anything but AES-CM with an 80-bit HMAC-SHA1 tag.</summary>
    private static SrtpProfile? ReadPolicy(ReadOnlySpan<byte> p)
    {
        int tagLength = 10;
        for (int i = 0; i + 2 <= p.Length; i += 2 + p[i + 1])
        {
            if (i + 2 + p[i + 1] > p.Length || p[i + 1] == 0)
            {
                return null;
            }

            byte value = p[i + 2];
            bool ok = p[i] switch
            {
                ParamEncAlg => value == EncAesCm,
                ParamEncKeyLen => value == 16,
                ParamAuthAlg => value == AuthHmacSha1,
                ParamSaltKeyLen => value == 14,
                ParamAuthTagLen => (tagLength = value) == 10,
                _ => true,
            };
            if (!ok)
            {
                return null;
            }
        }

        return tagLength == 10 ? SrtpProfile.Aes128CmHmacSha1_80 : null;
    }

    /// <summary>KEMAC (§6.2) with NULL encryption: one TEK key-data sub-payload (§6.13), optionally with a salt; MAC NULL or HMAC-SHA1.</summary>
    private static bool TryReadKemac(ReadOnlySpan<byte> body, out int length, out byte[]? key, out byte[] salt)
    {
        length = 0;
        key = null;
        salt = [];
        if (body.Length < 3 || body[0] != 0)
        {
            return false;
        }

        int encLength = BinaryPrimitives.ReadUInt16BigEndian(body[1..]);
        if (body.Length < 3 + encLength + 1)
        {
            return false;
        }

        var sub = body.Slice(3, encLength);
        if (sub.Length < 4 || sub[0] != PayloadLast || sub[1] >> 4 != KeyTypeTek)
        {
            return false;
        }

        int kv = sub[1] & 0x0f;
        int keyLength = BinaryPrimitives.ReadUInt16BigEndian(sub[2..]);
        if (sub.Length < 4 + keyLength)
        {
            return false;
        }

        // GStreamer puts key||salt in the key data (no separate salt field, KV null): 16 + 14 bytes for AES-CM-128.
        if (kv != 0 || keyLength != 30 || sub.Length != 4 + keyLength)
        {
            return false;
        }

        key = sub.Slice(4, 16).ToArray();
        salt = sub.Slice(20, 14).ToArray();

        int macAlg = body[3 + encLength];
        int macLength = macAlg switch { 0 => 0, 1 => 20, _ => -1 };
        if (macLength < 0 || body.Length < 4 + encLength + macLength)
        {
            return false;
        }

        length = 4 + encLength + macLength;
        return true;
    }
}
