using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MediaBroker.Formats.Rtp.Srtp;

/// <summary>
/// One direction of an SRTP session (RFC 3711 §3.2): session keys derived from one master key/salt,
/// plus per-SSRC state (ROC, highest sequence number, replay lists, SRTCP index). Use one instance to
/// protect what a peer is sent and another to unprotect what it sends. Packets are transformed in place;
/// the crypto objects are created once, so protecting a packet allocates nothing.
/// Not thread-safe: each direction belongs to one send or receive loop.
/// </summary>
public sealed partial class SrtpContext : IDisposable
{
    private const int HmacLength = 20;

    private readonly Dictionary<uint, SrtpSsrcState> _states = [];

    // AES-CM + HMAC-SHA1 profile.
    private readonly AesCounterMode? _rtpCipher;
    private readonly AesCounterMode? _rtcpCipher;
    private readonly IncrementalHash? _rtpAuth;
    private readonly IncrementalHash? _rtcpAuth;

    // AEAD profiles.
    private readonly IGcmCipher? _rtpGcm;
    private readonly IGcmCipher? _rtcpGcm;

    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;
    private readonly byte[] _mac = new byte[HmacLength];

    /// <summary>Derives the session keys from a master key and salt (RFC 3711 §4.3, RFC 7714 §11).</summary>
    public SrtpContext(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
        : this(profile, SrtpSessionKeys.Derive(profile, masterKey, masterSalt))
    {
    }

    internal SrtpContext(SrtpProfile profile, SrtpSessionKeys keys)
    {
        Profile = profile;
        _rtpSalt = keys.RtpSalt;
        _rtcpSalt = keys.RtcpSalt;
        if (profile.IsGcm())
        {
            _rtpGcm = GcmCipher.Create(keys.RtpKey);
            _rtcpGcm = GcmCipher.Create(keys.RtcpKey);
        }
        else
        {
            _rtpCipher = new AesCounterMode(keys.RtpKey);
            _rtcpCipher = new AesCounterMode(keys.RtcpKey);

            // HMAC-SHA1 is what the SRTP_AES128_CM_HMAC_SHA1_80 profile mandates (RFC 3711 §4.2.1).
#pragma warning disable CA5350
            _rtpAuth = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtpAuthKey);
            _rtcpAuth = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtcpAuthKey);
#pragma warning restore CA5350
        }
    }

    public SrtpProfile Profile { get; }

    /// <summary>Bytes <see cref="ProtectRtp"/> appends; the caller's buffer needs this much room after the packet.</summary>
    public int RtpOverhead => Profile.RtpOverhead();

    /// <summary>Bytes <see cref="ProtectRtcp"/> appends.</summary>
    public int RtcpOverhead => Profile.RtcpOverhead();

    /// <summary>Test hook: sets the rollover counter and highest sequence number of an SSRC (RFC 3711 §3.3.1).</summary>
    internal void SetRolloverCounter(uint ssrc, uint roc, ushort highestSeq)
    {
        var s = State(ssrc);
        s.Roc = roc;
        s.HighestSeq = highestSeq;
        s.Started = true;
    }

    /// <summary>Test hook: sets the next SRTCP index sent for an SSRC.</summary>
    internal void SetNextRtcpIndex(uint ssrc, uint index) => State(ssrc).NextRtcpIndex = index;

    internal uint GetRolloverCounter(uint ssrc) => State(ssrc).Roc;

    public void Dispose()
    {
        _rtpCipher?.Dispose();
        _rtcpCipher?.Dispose();
        _rtpAuth?.Dispose();
        _rtcpAuth?.Dispose();
        _rtpGcm?.Dispose();
        _rtcpGcm?.Dispose();
    }

    private SrtpSsrcState State(uint ssrc)
    {
        if (!_states.TryGetValue(ssrc, out var state))
        {
            // One allocation per new SSRC, not per packet.
            state = new SrtpSsrcState();
            _states[ssrc] = state;
        }

        return state;
    }

    /// <summary>AES-CM IV (RFC 3711 §4.1.1): (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16).</summary>
    private static void CounterIv(Span<byte> iv, ReadOnlySpan<byte> salt, uint ssrc, long index)
    {
        iv.Clear();
        salt.CopyTo(iv);
        Span<byte> tmp = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(tmp, ssrc);
        for (int i = 0; i < 4; i++)
        {
            iv[4 + i] ^= tmp[i];
        }

        BinaryPrimitives.WriteInt64BigEndian(tmp, index);
        for (int i = 2; i < 8; i++)
        {
            iv[6 + i] ^= tmp[i];
        }
    }

    /// <summary>RTP header length including CSRCs and the extension (RFC 3550 §5.1, §5.3.1), or -1 if it does not fit.</summary>
    private static int RtpHeaderLength(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 12 || (packet[0] >> 6) != 2)
        {
            return -1;
        }

        int length = 12 + ((packet[0] & 0x0F) * 4);
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return -1;
            }

            length += 4 + (BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]) * 4);
        }

        return length <= packet.Length ? length : -1;
    }
}
