using System.Security.Cryptography;

namespace MediaBroker.Protocols.WebRtc.Dtls;

/// <summary>Certificate fingerprints as SDP carries them (RFC 8122 §5): "sha-256 AB:CD:...".</summary>
public static class DtlsFingerprint
{
    /// <summary>SHA-256 fingerprint of a DER certificate, upper-case hex pairs joined by colons.</summary>
    public static string Compute(ReadOnlySpan<byte> der)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(der, hash);
        return "sha-256 " + string.Join(':', hash.ToArray().Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// True when <paramref name="sdpFingerprint"/> ("sha-256 AB:CD...", hash name and hex case-insensitive)
    /// is the SHA-256 fingerprint of <paramref name="der"/>. Other hash functions are not accepted.
    /// </summary>
    public static bool Matches(string sdpFingerprint, ReadOnlySpan<byte> der)
    {
        ArgumentNullException.ThrowIfNull(sdpFingerprint);
        var expected = Compute(der);
        return string.Equals(sdpFingerprint.Trim(), expected, StringComparison.OrdinalIgnoreCase);
    }
}
