using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MediaBroker.Formats.Rtp.Srtp;

public sealed partial class SrtpContext
{
    private const uint EncryptedFlag = 0x80000000;
    private const int RtcpHeaderLength = 8;

    /// <summary>
    /// Encrypts and authenticates one (compound) RTCP packet in place (RFC 3711 §3.4, RFC 7714 §9):
    /// appends E||SRTCP index and the tag. The buffer needs <see cref="RtcpOverhead"/> spare bytes.
    /// </summary>
    public int ProtectRtcp(Span<byte> buffer, int length)
    {
        if (length < RtcpHeaderLength)
        {
            throw new ArgumentException("not a complete RTCP packet", nameof(buffer));
        }

        if (buffer.Length < length + RtcpOverhead)
        {
            throw new ArgumentException("buffer has no room for the SRTCP trailer", nameof(buffer));
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        var state = State(ssrc);
        uint index = state.NextRtcpIndex;
        state.NextRtcpIndex = (index + 1) & 0x7FFFFFFF;

        if (_rtcpGcm is not null)
        {
            // Layout: header | ciphertext | tag | E||index; the AAD is header || E||index (RFC 7714 §9.2, §17).
            Span<byte> nonce = stackalloc byte[12];
            GcmRtcpNonce(nonce, ssrc, index);
            Span<byte> aad = stackalloc byte[RtcpHeaderLength + 4];
            buffer[..RtcpHeaderLength].CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad[RtcpHeaderLength..], index | EncryptedFlag);
            var payload = buffer[RtcpHeaderLength..length];
            _rtcpGcm.Encrypt(nonce, payload, buffer.Slice(length, 16), aad);
            BinaryPrimitives.WriteUInt32BigEndian(buffer[(length + 16)..], index | EncryptedFlag);
            return length + 20;
        }

        Span<byte> iv = stackalloc byte[16];
        CounterIv(iv, _rtcpSalt, ssrc, index);
        _rtcpCipher!.Apply(iv, buffer[RtcpHeaderLength..length]);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], index | EncryptedFlag);
        RtcpTag(buffer[..(length + 4)], buffer.Slice(length + 4, 10));
        return length + 14;
    }

    /// <summary>Verifies and decrypts one SRTCP packet in place; on success <paramref name="length"/> is the RTCP length.</summary>
    public SrtpResult UnprotectRtcp(Span<byte> packet, out int length)
    {
        length = 0;
        if (packet.Length < RtcpHeaderLength + RtcpOverhead)
        {
            return SrtpResult.Malformed;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        var state = State(ssrc);

        if (_rtcpGcm is not null)
        {
            int trailer = packet.Length - 4;
            uint word = BinaryPrimitives.ReadUInt32BigEndian(packet[trailer..]);
            uint index = word & 0x7FFFFFFF;
            if ((word & EncryptedFlag) == 0)
            {
                // Unencrypted SRTCP under GCM (RFC 7714 §9.3) is never sent by browsers; not supported.
                return SrtpResult.Malformed;
            }

            if (!state.RtcpReplay.Check(index))
            {
                return SrtpResult.Replayed;
            }

            int tagStart = trailer - 16;
            Span<byte> nonce = stackalloc byte[12];
            GcmRtcpNonce(nonce, ssrc, index);
            Span<byte> aad = stackalloc byte[RtcpHeaderLength + 4];
            packet[..RtcpHeaderLength].CopyTo(aad);
            packet[trailer..].CopyTo(aad[RtcpHeaderLength..]);
            var payload = packet[RtcpHeaderLength..tagStart];
            if (!_rtcpGcm.TryDecrypt(nonce, payload, packet[tagStart..trailer], aad))
            {
                return SrtpResult.AuthenticationFailed;
            }

            state.RtcpReplay.Accept(index);
            length = tagStart;
            return SrtpResult.Ok;
        }

        int tagOffset = packet.Length - 10;
        int indexOffset = tagOffset - 4;
        uint e = BinaryPrimitives.ReadUInt32BigEndian(packet[indexOffset..]);
        uint rtcpIndex = e & 0x7FFFFFFF;
        if (!state.RtcpReplay.Check(rtcpIndex))
        {
            return SrtpResult.Replayed;
        }

        Span<byte> tag = stackalloc byte[10];
        RtcpTag(packet[..tagOffset], tag);
        if (!CryptographicOperations.FixedTimeEquals(tag, packet[tagOffset..]))
        {
            return SrtpResult.AuthenticationFailed;
        }

        if ((e & EncryptedFlag) != 0)
        {
            Span<byte> iv = stackalloc byte[16];
            CounterIv(iv, _rtcpSalt, ssrc, rtcpIndex);
            _rtcpCipher!.Apply(iv, packet[RtcpHeaderLength..indexOffset]);
        }

        state.RtcpReplay.Accept(rtcpIndex);
        length = indexOffset;
        return SrtpResult.Ok;
    }

    /// <summary>HMAC-SHA1-80 over header, payload and E||index (RFC 3711 §3.4).</summary>
    private void RtcpTag(ReadOnlySpan<byte> authenticated, Span<byte> tag)
    {
        _rtcpAuth!.AppendData(authenticated);
        _rtcpAuth.GetHashAndReset(_mac);
        _mac.AsSpan(0, tag.Length).CopyTo(tag);
    }

    /// <summary>GCM IV for SRTCP (RFC 7714 §9.1): (00 00 || SSRC || 00 00 || 0||index) XOR salt.</summary>
    private void GcmRtcpNonce(Span<byte> nonce, uint ssrc, uint index)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        nonce[6] = 0;
        nonce[7] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index);
        for (int i = 0; i < 12; i++)
        {
            nonce[i] ^= _rtcpSalt[i];
        }
    }
}
