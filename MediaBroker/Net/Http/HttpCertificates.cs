using System.Security.Cryptography.X509Certificates;

namespace MediaBroker.Net.Http;

/// <summary>Loads the PEM certificate and key named by MediaMTX's <c>*ServerCert</c>/<c>*ServerKey</c> keys.</summary>
public static class HttpCertificates
{
    /// <exception cref="IOException">A file is missing or unreadable.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The PEM content is invalid.</exception>
    public static X509Certificate2 LoadPem(string certPath, string keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);

        // SslStream on Linux needs a certificate whose key is not ephemeral: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
