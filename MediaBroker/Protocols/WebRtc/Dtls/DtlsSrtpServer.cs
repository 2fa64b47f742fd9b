using System.Collections;
using MediaBroker.Formats.Rtp.Srtp;
using Org.BouncyCastle.Crypto.Tls;
using BcCertificate = Org.BouncyCastle.Crypto.Tls.Certificate;
using BcCertificateRequest = Org.BouncyCastle.Crypto.Tls.CertificateRequest;
using BcHashAlgorithm = Org.BouncyCastle.Crypto.Tls.HashAlgorithm;
using BcSignatureAlgorithm = Org.BouncyCastle.Crypto.Tls.SignatureAlgorithm;

namespace MediaBroker.Protocols.WebRtc.Dtls;

/// <summary>BC server peer for DTLS-SRTP (RFC 5764): DTLS 1.2 only, ECDHE-ECDSA-AES128-GCM, mutual certificates, use_srtp.</summary>
internal sealed class DtlsSrtpServer : DefaultTlsServer
{
    private readonly DtlsSrtpTransport _owner;
    private SrtpProfile? _profile;

    public DtlsSrtpServer(DtlsSrtpTransport owner) => _owner = owner;

    protected override ProtocolVersion MinimumVersion => ProtocolVersion.DTLSv12;

    protected override ProtocolVersion MaximumVersion => ProtocolVersion.DTLSv12;

    public override int GetHandshakeTimeoutMillis() => _owner.HandshakeTimeoutMillis;

    protected override int[] GetCipherSuites() => [CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256];

    protected override TlsSignerCredentials GetECDsaSignerCredentials() => _owner.Certificate.SignerCredentials(mContext);

    public override void ProcessClientExtensions(IDictionary clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        var offered = TlsSRTPUtils.GetUseSrtpExtension(clientExtensions)?.ProtectionProfiles ?? [];
        _profile = _owner.PickProfile(offered) ?? throw new TlsFatalAlert(AlertDescription.handshake_failure);
    }

    public override IDictionary GetServerExtensions()
    {
        var extensions = base.GetServerExtensions() ?? new Hashtable();
        TlsSRTPUtils.AddUseSrtpExtension(extensions, new UseSrtpData([(int)_profile!.Value], TlsUtilities.EmptyBytes));
        return extensions;
    }

    // Without a CertificateRequest the browser sends no certificate and its a=fingerprint cannot be checked.
    public override BcCertificateRequest GetCertificateRequest()
        => new(
            [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign],
            new ArrayList
            {
                new SignatureAndHashAlgorithm(BcHashAlgorithm.sha256, BcSignatureAlgorithm.ecdsa),
                new SignatureAndHashAlgorithm(BcHashAlgorithm.sha256, BcSignatureAlgorithm.rsa),
            },
            null);

    public override void NotifyClientCertificate(BcCertificate clientCertificate) => _owner.VerifyPeer(clientCertificate);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();

        // Must happen here: Accept() clears the security parameters before it returns.
        _owner.OnHandshakeComplete(mContext, _profile!.Value);
    }

    public override void NotifyAlertRaised(byte alertLevel, byte alertDescription, string message, Exception cause)
        => _owner.OnAlertRaised(alertLevel, alertDescription, message);

    public override void NotifyAlertReceived(byte alertLevel, byte alertDescription)
        => _owner.OnAlertReceived(alertLevel, alertDescription);
}
