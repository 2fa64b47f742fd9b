namespace MediaBroker.Formats.Rtp.Srtp;

/// <summary>
/// Master keys exported from DTLS (RFC 5764 §4.2). The DTLS client sends with the client key/salt and
/// the DTLS server with the server key/salt, whatever the ICE or offer/answer roles are.
/// </summary>
public sealed record SrtpKeys(SrtpProfile Profile, byte[] ClientKey, byte[] ClientSalt, byte[] ServerKey, byte[] ServerSalt)
{
    /// <summary>Splits exporter output laid out as client key, server key, client salt, server salt.</summary>
    public static SrtpKeys FromExporterOutput(SrtpProfile profile, ReadOnlySpan<byte> material)
    {
        int k = profile.KeyLength();
        int s = profile.SaltLength();
        if (material.Length != 2 * (k + s))
        {
            throw new ArgumentException("exporter output has the wrong length for the profile", nameof(material));
        }

        return new SrtpKeys(
            profile,
            material[..k].ToArray(),
            material.Slice(2 * k, s).ToArray(),
            material.Slice(k, k).ToArray(),
            material.Slice((2 * k) + s, s).ToArray());
    }

    /// <summary>The context that protects what we send.</summary>
    public SrtpContext CreateOutbound(bool localIsDtlsServer)
        => localIsDtlsServer ? new SrtpContext(Profile, ServerKey, ServerSalt) : new SrtpContext(Profile, ClientKey, ClientSalt);

    /// <summary>The context that unprotects what the peer sends.</summary>
    public SrtpContext CreateInbound(bool localIsDtlsServer)
        => localIsDtlsServer ? new SrtpContext(Profile, ClientKey, ClientSalt) : new SrtpContext(Profile, ServerKey, ServerSalt);
}
