using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MediaBroker.Protocols.Rtmp;

/// <summary>
/// The RTMP handshake (RTMP specification 1.0 §5.2): C0+C1 / S0+S1+S2 / C2, 1536-byte blocks. When the client's
/// C1 carries a valid HMAC-SHA256 digest (the "complex" handshake of Flash Player and many encoders: digest at
/// an offset given by bytes 8-11 or 772-775, keyed with the Flash Player key), the server answers in kind with
/// the Flash Media Server key; otherwise it echoes C1 (simple handshake). Static and I/O-free.
/// </summary>
public static class RtmpHandshake
{
    public const int BlockSize = 1536;
    public const byte Version = 3;
    private const int DigestSize = 32;

    // Shared suffix of both well-known keys, and their ASCII prefixes ("Genuine Adobe Flash Player 001",
    // "Genuine Adobe Flash Media Server 001"). The digest of C1/S1 uses only the prefix; S2 uses the whole key.
    private static ReadOnlySpan<byte> KeySuffix =>
    [
        0xF0, 0xEE, 0xC2, 0x4A, 0x80, 0x68, 0xBE, 0xE8, 0x2E, 0x00, 0xD0, 0xD1, 0x02, 0x9E, 0x7E, 0x57,
        0x6E, 0xEC, 0x5D, 0x2D, 0x29, 0x80, 0x6F, 0xAB, 0x93, 0xB8, 0xE6, 0x36, 0xCF, 0xEB, 0x31, 0xAE,
    ];

    private static ReadOnlySpan<byte> PlayerKeyText => "Genuine Adobe Flash Player 001"u8;

    private static ReadOnlySpan<byte> ServerKeyText => "Genuine Adobe Flash Media Server 001"u8;

    /// <summary>Reads C0 and C1 (copied into <paramref name="c1"/>, 1536 bytes). False when more data is needed.</summary>
    public static bool TryReadC0C1(ref SequenceReader<byte> reader, Span<byte> c1)
    {
        if (reader.Remaining < 1 + BlockSize)
        {
            return false;
        }

        reader.TryRead(out var version);
        if (version != Version)
        {
            // 6 is RTMPE (encrypted), 8/9 are variants of it: none are supported.
            throw new RtmpProtocolException($"unsupported RTMP version {version} in C0");
        }

        reader.TryCopyTo(c1[..BlockSize]);
        reader.Advance(BlockSize);
        return true;
    }

    /// <summary>Skips C2 (its content is not checked, as most servers do). False when more data is needed.</summary>
    public static bool TryReadC2(ref SequenceReader<byte> reader)
    {
        if (reader.Remaining < BlockSize)
        {
            return false;
        }

        reader.Advance(BlockSize);
        return true;
    }

    /// <summary>Writes S0+S1+S2 (1 + 2×1536 bytes) for a client's C1. Returns whether the digest handshake was used.</summary>
    public static bool WriteServerResponse(ReadOnlySpan<byte> c1, Span<byte> response, uint serverTime)
    {
        response[0] = Version;
        var s1 = response.Slice(1, BlockSize);
        var s2 = response.Slice(1 + BlockSize, BlockSize);
        RandomNumberGenerator.Fill(s1[8..]);
        BinaryPrimitives.WriteUInt32BigEndian(s1, serverTime);

        var scheme = FindClientDigest(c1, out var clientDigestOffset);
        if (scheme < 0)
        {
            s1.Slice(4, 4).Clear();
            c1.CopyTo(s2); // simple handshake: S2 echoes C1
            return false;
        }

        // S1: a server version and our own digest at the client's scheme, keyed with the server key prefix.
        s1[4] = 4;
        s1[5] = 5;
        s1[6] = 0;
        s1[7] = 1;
        var s1Offset = DigestOffset(s1, scheme);
        Span<byte> serverKey = stackalloc byte[ServerKeyText.Length + DigestSize];
        ServerKeyText.CopyTo(serverKey);
        KeySuffix.CopyTo(serverKey[ServerKeyText.Length..]);
        ComputeDigest(s1, s1Offset, serverKey[..ServerKeyText.Length], s1.Slice(s1Offset, DigestSize));

        // S2: random bytes signed with HMAC(HMAC(full server key, client digest), S2 without its last 32 bytes).
        RandomNumberGenerator.Fill(s2);
        Span<byte> key = stackalloc byte[DigestSize];
        HMACSHA256.HashData(serverKey, c1.Slice(clientDigestOffset, DigestSize), key);
        HMACSHA256.HashData(key, s2[..(BlockSize - DigestSize)], s2[(BlockSize - DigestSize)..]);
        return true;
    }

    /// <summary>Writes C0+C1 for our client (simple handshake: time, zero version, random).</summary>
    public static void WriteClientHello(Span<byte> c0c1, uint time)
    {
        c0c1[0] = Version;
        BinaryPrimitives.WriteUInt32BigEndian(c0c1[1..], time);
        c0c1.Slice(5, 4).Clear();
        RandomNumberGenerator.Fill(c0c1.Slice(9, BlockSize - 8));
    }

    /// <summary>Reads S0+S1+S2 and writes C2 (the echo of S1). False when more data is needed.</summary>
    public static bool TryReadServerResponse(ref SequenceReader<byte> reader, Span<byte> c2)
    {
        if (reader.Remaining < 1 + (2 * BlockSize))
        {
            return false;
        }

        reader.TryRead(out var version);
        if (version != Version)
        {
            throw new RtmpProtocolException($"server answered RTMP version {version}");
        }

        reader.TryCopyTo(c2[..BlockSize]);
        reader.Advance(2 * BlockSize);
        return true;
    }

    /// <summary>Which digest layout C1 uses (0: offset from bytes 8-11; 1: from bytes 772-775), or -1 for none.</summary>
    internal static int FindClientDigest(ReadOnlySpan<byte> c1, out int offset)
    {
        Span<byte> expected = stackalloc byte[DigestSize];
        for (var scheme = 0; scheme < 2; scheme++)
        {
            offset = DigestOffset(c1, scheme);
            ComputeDigest(c1, offset, PlayerKeyText, expected);
            if (CryptographicOperations.FixedTimeEquals(expected, c1.Slice(offset, DigestSize)))
            {
                return scheme;
            }
        }

        offset = -1;
        return -1;
    }

    internal static int DigestOffset(ReadOnlySpan<byte> block, int scheme)
    {
        var b = scheme == 0 ? 8 : 772;
        return ((block[b] + block[b + 1] + block[b + 2] + block[b + 3]) % 728) + b + 4;
    }

    /// <summary>HMAC-SHA256 of the block without the 32 digest bytes at <paramref name="offset"/>.</summary>
    internal static void ComputeDigest(ReadOnlySpan<byte> block, int offset, ReadOnlySpan<byte> key, Span<byte> digest)
    {
        var data = ArrayPool<byte>.Shared.Rent(BlockSize - DigestSize);
        try
        {
            block[..offset].CopyTo(data);
            block[(offset + DigestSize)..].CopyTo(data.AsSpan(offset));
            HMACSHA256.HashData(key, data.AsSpan(0, BlockSize - DigestSize), digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(data);
        }
    }
}
