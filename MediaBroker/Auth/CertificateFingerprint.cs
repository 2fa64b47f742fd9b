using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MediaBroker.Auth;

/// <summary>
/// Certificate pinning for <c>authHTTPFingerprint</c> and <c>authJWTJWKSFingerprint</c>: the SHA-256 of the server's
/// DER certificate, as MediaMTX writes it (lowercase hex, no separators); colons and uppercase are accepted too.
/// With a pin, the chain and host name are NOT checked, which is what makes self-signed auth servers usable.
/// </summary>
public static class CertificateFingerprint
{
    /// <summary>The fingerprint without colons, lowercased; empty when it is not 64 hex digits.</summary>
    public static string Normalize(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var hex = fingerprint.Trim().Replace(":", "", StringComparison.Ordinal).ToLowerInvariant();
        return hex.Length == 64 && hex.All(char.IsAsciiHexDigit) ? hex : "";
    }

    public static bool IsValid(string fingerprint) => Normalize(fingerprint).Length != 0;

    /// <summary>Whether <paramref name="certificate"/>'s SHA-256 equals <paramref name="fingerprint"/> (any accepted format).</summary>
    public static bool Matches(X509Certificate certificate, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var expected = Normalize(fingerprint);
        return expected.Length != 0
            && expected == Convert.ToHexStringLower(SHA256.HashData(certificate.GetRawCertData()));
    }

    /// <summary>A handler whose TLS validation accepts exactly the certificate with this fingerprint.</summary>
    public static HttpMessageHandler CreateHandler(string fingerprint)
    {
        if (!IsValid(fingerprint))
        {
            throw new ArgumentException("not a SHA-256 fingerprint (64 hex digits)", nameof(fingerprint));
        }

        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                // The pin replaces chain and name validation entirely (MediaMTX does the same).
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && Matches(certificate, fingerprint),
            },
        };
    }
}
