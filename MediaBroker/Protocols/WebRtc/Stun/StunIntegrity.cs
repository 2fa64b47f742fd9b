using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MediaBroker.Protocols.WebRtc.Stun;

/// <summary>MESSAGE-INTEGRITY computation shared by the parser and the writer (RFC 8489 §14.5).</summary>
internal static class StunIntegrity
{
    /// <summary>
    /// HMAC-SHA1 over <paramref name="prefix"/> (the message from its header up to, excluding, the
    /// MESSAGE-INTEGRITY attribute), with the header length patched to end just after that 24-byte attribute.
    /// </summary>
    public static void Compute(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> key, Span<byte> mac)
    {
        Span<byte> header = stackalloc byte[StunConstants.HeaderLength];
        prefix[..StunConstants.HeaderLength].CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(prefix.Length + 24 - StunConstants.HeaderLength));

        // SHA-1 here is mandated by the protocol (RFC 8489 §14.5), not chosen.
#pragma warning disable CA5350
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
#pragma warning restore CA5350
        hmac.AppendData(header);
        hmac.AppendData(prefix[StunConstants.HeaderLength..]);
        hmac.GetHashAndReset(mac);
    }
}
