using System.Collections;
using MediaBroker.Formats.Rtp.Srtp;
using Org.BouncyCastle.Crypto.Tls;
using BcCertificate = Org.BouncyCastle.Crypto.Tls.Certificate;
using BcCertificateRequest = Org.BouncyCastle.Crypto.Tls.CertificateRequest;

namespace MediaBroker.Protocols.WebRtc.Dtls;

/// <summary>BC client peer for DTLS-SRTP, used when we are a WHIP/WHEP client (<c>a=setup:active</c>).</summary>
internal sealed class DtlsSrtpClient : DefaultTlsClient
{
    private readonly DtlsSrtpTransport _owner;
    private SrtpProfile? _profile;

    public DtlsSrtpClient(DtlsSrtpTransport owner) => _owner = owner;

    public override ProtocolVersion ClientVersion => ProtocolVersion.DTLSv12;

    public override ProtocolVersion MinimumVersion => ProtocolVersion.DTLSv12;

    public override int GetHandshakeTimeoutMillis() => _owner.HandshakeTimeoutMillis;

    public override int[] GetCipherSuites() => [CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256];

    public override IDictionary GetClientExtensions()
    {
        var extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        var profiles = _owner.Options.Profiles.Select(p => (int)p).ToArray();
        TlsSRTPUtils.AddUseSrtpExtension(extensions, new UseSrtpData(profiles, TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        var chosen = TlsSRTPUtils.GetUseSrtpExtension(serverExtensions)?.ProtectionProfiles ?? [];

        // RFC 5764 §4.1.1: the server picks exactly one of the offered profiles.
        _profile = chosen.Length == 1 ? _owner.PickProfile(chosen) : null;
        if (_profile is null)
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter);
        }
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        _owner.OnHandshakeComplete(mContext, _profile!.Value);
    }

    public override void NotifyAlertRaised(byte alertLevel, byte alertDescription, string message, Exception cause)
        => _owner.OnAlertRaised(alertLevel, alertDescription, message);

    public override void NotifyAlertReceived(byte alertLevel, byte alertDescription)
        => _owner.OnAlertReceived(alertLevel, alertDescription);

    private sealed class Authentication(DtlsSrtpClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(BcCertificate serverCertificate) => client._owner.VerifyPeer(serverCertificate);

        public TlsCredentials GetClientCredentials(BcCertificateRequest certificateRequest) => client._owner.Certificate.SignerCredentials(client.mContext);
    }
}
