using MediaBroker.Formats.Rtp.Srtp;

namespace MediaBroker.Protocols.WebRtc.Dtls;

/// <summary>Tuning of one <see cref="DtlsSrtpTransport"/>.</summary>
public sealed record DtlsSrtpOptions
{
    /// <summary>The default of <see cref="Profiles"/>.</summary>
    public static readonly IReadOnlyList<SrtpProfile> DefaultProfiles =
        [SrtpProfile.AeadAes128Gcm, SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes256Gcm];

    /// <summary>Whole-handshake limit (MediaMTX's webrtcHandshakeTimeout defaults to 10 s). BC's own default is none.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// SRTP profiles in order of preference. AEAD-AES-128-GCM comes first: one AES-GCM pass (AES-NI and
    /// carry-less multiply) costs less per packet than AES-CTR plus HMAC-SHA1, which matters when a stream
    /// is encrypted once per viewer, and Chromium offers and accepts it. AES-CM/HMAC-SHA1-80 stays as the
    /// fallback every WebRTC endpoint must support (RFC 8827 §6.5).
    /// </summary>
    public IReadOnlyList<SrtpProfile> Profiles { get; init; } = DefaultProfiles;

    /// <summary>Largest datagram BC may send; fragments handshake messages above it (keep under path MTU).</summary>
    public int SendLimit { get; init; } = 1200;

    /// <summary>Bound of the inbound datagram queue; extra datagrams are dropped and DTLS retransmits.</summary>
    public int QueueCapacity { get; init; } = 64;
}
