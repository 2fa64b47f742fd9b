using MediaBroker.Formats.Rtp.Srtp;

namespace MediaBroker.Protocols.Rtsp.Mikey;

/// <summary>
/// The subset of MIKEY (RFC 3830) that SRTP over RTSP uses in practice (RFC 4567 <c>KeyMgmt</c> header and
/// <c>a=key-mgmt</c>): a pre-shared-key initiator message whose KEMAC carries one TEK in clear ("NULL"
/// encryption, no MAC). That is acceptable only because the RTSP channel carrying it is TLS; GStreamer's
/// rtspsrc/rtspclientsink send exactly this. Payloads we do not need (ID, CERT, SIGN...) make parsing fail.
/// </summary>
public sealed partial record MikeyMessage
{
    /// <summary>CSB ID: identifies the crypto session bundle; the answer keeps the initiator's.</summary>
    public uint CsbId { get; init; }

    public IReadOnlyList<MikeyCryptoSession> Sessions { get; init; } = [];

    /// <summary>NTP-UTC timestamp of the T payload (RFC 3830 §6.6).</summary>
    public ulong Timestamp { get; init; }

    public byte[] Rand { get; init; } = [];

    public SrtpProfile Profile { get; init; } = SrtpProfile.Aes128CmHmacSha1_80;

    /// <summary>The TEK generation key of the KEMAC: the SRTP master key.</summary>
    public byte[] MasterKey { get; init; } = [];

    public byte[] MasterSalt { get; init; } = [];

    // Payload types (RFC 3830 §6.1, table 6.1.c) and the constants of the SRTP parameters (§6.10.1).
    private const byte PayloadLast = 0;
    private const byte PayloadKemac = 1;
    private const byte PayloadT = 5;
    private const byte PayloadSp = 10;
    private const byte PayloadRand = 11;
    private const byte DataTypePskInit = 0;
    private const byte MapTypeSrtpId = 0;
    private const byte TsTypeNtpUtc = 0;
    private const byte ProtSrtp = 0;
    private const byte KeyTypeTek = 2;
    private const byte ParamEncAlg = 0;
    private const byte ParamEncKeyLen = 1;
    private const byte ParamAuthAlg = 2;
    private const byte ParamAuthKeyLen = 3;
    private const byte ParamSaltKeyLen = 4;
    private const byte ParamSrtpEnc = 7;
    private const byte ParamSrtcpEnc = 8;
    private const byte ParamSrtpAuth = 10;
    private const byte ParamAuthTagLen = 11;
    private const byte EncAesCm = 1;
    private const byte AuthHmacSha1 = 1;

    /// <summary>Reads the base64 <c>data</c> of a <c>KeyMgmt</c> header or the value of <c>a=key-mgmt:mikey</c>.</summary>
    public static bool TryParseBase64(string base64, out MikeyMessage? message)
    {
        message = null;
        var bytes = new byte[(base64.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(base64.Trim(), bytes, out var n) && TryParse(bytes.AsSpan(0, n), out message);
    }

    public string ToBase64() => Convert.ToBase64String(Build());
}
