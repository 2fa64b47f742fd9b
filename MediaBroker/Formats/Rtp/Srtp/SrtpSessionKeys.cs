namespace MediaBroker.Formats.Rtp.Srtp;

/// <summary>Session keys of one SRTP context, for RTP and for RTCP (RFC 3711 §4.3.1 labels 0-5).</summary>
internal sealed record SrtpSessionKeys(byte[] RtpKey, byte[] RtpAuthKey, byte[] RtpSalt, byte[] RtcpKey, byte[] RtcpAuthKey, byte[] RtcpSalt)
{
    public static SrtpSessionKeys Derive(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        if (masterKey.Length != profile.KeyLength() || masterSalt.Length != profile.SaltLength())
        {
            throw new ArgumentException("master key or salt length does not match the profile");
        }

        int keyLength = profile.KeyLength();
        int saltLength = profile.SaltLength();
        int authLength = profile.IsGcm() ? 0 : 20;
        using var prf = new AesCounterMode(masterKey);
        var salt = masterSalt.ToArray();
        byte[] Make(byte label, int length)
        {
            var output = new byte[length];
            SrtpKeyDerivation.Derive(prf, salt, label, output);
            return output;
        }

        return new SrtpSessionKeys(
            Make(SrtpKeyDerivation.LabelRtpEncryption, keyLength),
            Make(SrtpKeyDerivation.LabelRtpAuthentication, authLength),
            Make(SrtpKeyDerivation.LabelRtpSalt, saltLength),
            Make(SrtpKeyDerivation.LabelRtcpEncryption, keyLength),
            Make(SrtpKeyDerivation.LabelRtcpAuthentication, authLength),
            Make(SrtpKeyDerivation.LabelRtcpSalt, saltLength));
    }
}
