namespace MediaBroker.Formats.Rtp.Srtp;

/// <summary>SRTP key derivation with key_derivation_rate 0 (RFC 3711 §4.3; RFC 7714 §11 for the GCM salt).</summary>
internal static class SrtpKeyDerivation
{
    public const byte LabelRtpEncryption = 0x00;
    public const byte LabelRtpAuthentication = 0x01;
    public const byte LabelRtpSalt = 0x02;
    public const byte LabelRtcpEncryption = 0x03;
    public const byte LabelRtcpAuthentication = 0x04;
    public const byte LabelRtcpSalt = 0x05;

    /// <summary>
    /// x = label (at byte 7 of the 112-bit value) XOR master salt; output = AES-CM keystream with IV = x * 2^16.
    /// A 12-byte GCM master salt is zero-padded on the right to 14 bytes first (RFC 7714 §11).
    /// </summary>
    public static void Derive(AesCounterMode prf, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[7] ^= label;
        prf.Keystream(iv, output);
    }
}
