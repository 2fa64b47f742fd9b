using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MediaBroker.Formats.Rtp.Srtp;

public sealed partial class SrtpContext
{
    /// <summary>
    /// Encrypts and authenticates one RTP packet in place (RFC 3711 §3.3, RFC 7714 §8). The packet is
    /// <paramref name="buffer"/>[..<paramref name="length"/>]; the tag is appended, so the buffer needs
    /// <see cref="RtpOverhead"/> spare bytes. Returns the SRTP packet length.
    /// </summary>
    public int ProtectRtp(Span<byte> buffer, int length)
    {
        int headerLength = RtpHeaderLength(buffer[..length]);
        if (headerLength < 0)
        {
            throw new ArgumentException("not a complete RTP packet", nameof(buffer));
        }

        if (buffer.Length < length + RtpOverhead)
        {
            throw new ArgumentException("buffer has no room for the SRTP tag", nameof(buffer));
        }

        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        var state = State(ssrc);
        long index = state.EstimateIndex(seq, out uint roc);
        if (index < 0)
        {
            // A sender resending a packet from before the first ROC period; keep ROC 0.
            index = seq;
            roc = 0;
        }

        state.Update(index);

        if (_rtpGcm is not null)
        {
            Span<byte> nonce = stackalloc byte[12];
            GcmRtpNonce(nonce, ssrc, roc, seq);
            var payload = buffer[headerLength..length];
            _rtpGcm.Encrypt(nonce, payload, buffer.Slice(length, 16), buffer[..headerLength]);
            return length + 16;
        }

        Span<byte> iv = stackalloc byte[16];
        CounterIv(iv, _rtpSalt, ssrc, index);
        _rtpCipher!.Apply(iv, buffer[headerLength..length]);
        RtpTag(buffer[..length], roc, buffer.Slice(length, 10));
        return length + 10;
    }

    /// <summary>
    /// Verifies and decrypts one SRTP packet in place. On <see cref="SrtpResult.Ok"/>,
    /// <paramref name="length"/> is the RTP packet length (tag removed); otherwise the state is unchanged.
    /// </summary>
    public SrtpResult UnprotectRtp(Span<byte> packet, out int length)
    {
        length = 0;
        int tagLength = RtpOverhead;
        int headerLength = RtpHeaderLength(packet);
        if (headerLength < 0 || packet.Length < headerLength + tagLength)
        {
            return SrtpResult.Malformed;
        }

        int bodyEnd = packet.Length - tagLength;
        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        var state = State(ssrc);
        long index = state.EstimateIndex(seq, out uint roc);
        if (!state.RtpReplay.Check(index))
        {
            return SrtpResult.Replayed;
        }

        if (_rtpGcm is not null)
        {
            Span<byte> nonce = stackalloc byte[12];
            GcmRtpNonce(nonce, ssrc, roc, seq);
            var payload = packet[headerLength..bodyEnd];
            if (!_rtpGcm.TryDecrypt(nonce, payload, packet[bodyEnd..], packet[..headerLength]))
            {
                return SrtpResult.AuthenticationFailed;
            }
        }
        else
        {
            Span<byte> tag = stackalloc byte[10];
            RtpTag(packet[..bodyEnd], roc, tag);
            if (!CryptographicOperations.FixedTimeEquals(tag, packet[bodyEnd..]))
            {
                return SrtpResult.AuthenticationFailed;
            }

            Span<byte> iv = stackalloc byte[16];
            CounterIv(iv, _rtpSalt, ssrc, index);
            _rtpCipher!.Apply(iv, packet[headerLength..bodyEnd]);
        }

        state.RtpReplay.Accept(index);
        state.Update(index);
        length = bodyEnd;
        return SrtpResult.Ok;
    }

    /// <summary>HMAC-SHA1 over the authenticated portion followed by ROC, truncated to 80 bits (RFC 3711 §4.2).</summary>
    private void RtpTag(ReadOnlySpan<byte> authenticated, uint roc, Span<byte> tag)
    {
        Span<byte> rocBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
        _rtpAuth!.AppendData(authenticated);
        _rtpAuth.AppendData(rocBytes);
        _rtpAuth.GetHashAndReset(_mac);
        _mac.AsSpan(0, tag.Length).CopyTo(tag);
    }

    /// <summary>GCM IV for SRTP (RFC 7714 §8.1): (00 00 || SSRC || ROC || SEQ) XOR salt.</summary>
    private void GcmRtpNonce(Span<byte> nonce, uint ssrc, uint roc, ushort seq)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], roc);
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], seq);
        for (int i = 0; i < 12; i++)
        {
            nonce[i] ^= _rtpSalt[i];
        }
    }
}
