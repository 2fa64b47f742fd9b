using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using BcCertificate = Org.BouncyCastle.Crypto.Tls.Certificate;
using BcDefaultTlsSignerCredentials = Org.BouncyCastle.Crypto.Tls.DefaultTlsSignerCredentials;
using BcHashAlgorithm = Org.BouncyCastle.Crypto.Tls.HashAlgorithm;
using BcSignatureAlgorithm = Org.BouncyCastle.Crypto.Tls.SignatureAlgorithm;
using BcSignatureAndHashAlgorithm = Org.BouncyCastle.Crypto.Tls.SignatureAndHashAlgorithm;
using BcTlsContext = Org.BouncyCastle.Crypto.Tls.TlsContext;
using BcTlsSignerCredentials = Org.BouncyCastle.Crypto.Tls.TlsSignerCredentials;
using X509CertificateRequest = System.Security.Cryptography.X509Certificates.CertificateRequest;

namespace MediaBroker.Protocols.WebRtc.Dtls;

/// <summary>
/// The self-signed ECDSA P-256 certificate a WebRTC endpoint presents in DTLS (RFC 8827 §6.5). Its
/// SHA-256 fingerprint goes into the SDP as <c>a=fingerprint:sha-256 AB:CD:...</c>. One per server is
/// enough; the private key never leaves the process.
/// </summary>
public sealed class DtlsCertificate : IDisposable
{
    private readonly ECDsa _key;

    private DtlsCertificate(ECDsa key, byte[] der)
    {
        _key = key;
        Der = der;
        Fingerprint = DtlsFingerprint.Compute(der);
        BcCertificate = new BcCertificate([X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(der))]);
        BcPrivateKey = PrivateKeyFactory.CreateKey(key.ExportPkcs8PrivateKey());
    }

    /// <summary>The certificate, DER-encoded.</summary>
    public byte[] Der { get; }

    /// <summary>"sha-256 AB:CD:..." as the SDP a=fingerprint attribute value (RFC 8122 §5).</summary>
    public string Fingerprint { get; }

    internal BcCertificate BcCertificate { get; }

    internal AsymmetricKeyParameter BcPrivateKey { get; }

    /// <summary>What BouncyCastle signs our side of the handshake with, client or server: ECDSA with SHA-256.</summary>
    internal BcTlsSignerCredentials SignerCredentials(BcTlsContext context) =>
        new BcDefaultTlsSignerCredentials(context, BcCertificate, BcPrivateKey, new BcSignatureAndHashAlgorithm(BcHashAlgorithm.sha256, BcSignatureAlgorithm.ecdsa));

    /// <summary>Creates a fresh key pair and a certificate valid from yesterday (clock skew) for one year.</summary>
    public static DtlsCertificate Create(string commonName = "mediabroker")
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var request = new X509CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256);
            var now = DateTimeOffset.UtcNow;
            using var cert = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(365));
            return new DtlsCertificate(key, cert.RawData);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public void Dispose() => _key.Dispose();
}
