namespace MediaBroker.Formats.Rtp.Srtp;

/// <summary>DTLS-SRTP protection profiles (RFC 5764 §4.1.2, RFC 7714 §14.2); the values are the wire codes.</summary>
public enum SrtpProfile : ushort
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80: 16-byte key, 14-byte salt, 10-byte HMAC-SHA1 tag.</summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM: 16-byte key, 12-byte salt, 16-byte GCM tag.</summary>
    AeadAes128Gcm = 0x0007,

    /// <summary>SRTP_AEAD_AES_256_GCM: 32-byte key, 12-byte salt, 16-byte GCM tag.</summary>
    AeadAes256Gcm = 0x0008,
}

/// <summary>Key, salt and tag lengths of each <see cref="SrtpProfile"/>.</summary>
public static class SrtpProfileInfo
{
    public static bool IsGcm(this SrtpProfile profile) => profile is SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm;

    public static int KeyLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 or SrtpProfile.AeadAes128Gcm => 16,
        SrtpProfile.AeadAes256Gcm => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(profile)),
    };

    public static int SaltLength(this SrtpProfile profile) => profile.IsGcm() ? 12 : 14;

    /// <summary>Bytes SRTP adds to an RTP packet (the authentication tag).</summary>
    public static int RtpOverhead(this SrtpProfile profile) => profile.IsGcm() ? 16 : 10;

    /// <summary>Bytes SRTCP adds to an RTCP packet (tag plus the 4-byte E||SRTCP index).</summary>
    public static int RtcpOverhead(this SrtpProfile profile) => profile.RtpOverhead() + 4;

    /// <summary>Length of the DTLS exporter output for this profile: 2 * (key + salt) (RFC 5764 §4.2).</summary>
    public static int ExportLength(this SrtpProfile profile) => 2 * (profile.KeyLength() + profile.SaltLength());
}
