using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CryptographicOperations = System.Security.Cryptography.CryptographicOperations;

namespace MediaBroker.Formats.Rtp.Srtp;

/// <summary>
/// AES-GCM (NIST SP 800-38D) with a 12-byte nonce and a 16-byte tag, in managed code on AES-NI and PCLMULQDQ.
/// Why not <see cref="System.Security.Cryptography.AesGcm"/>: through OpenSSL 3 every call re-initialises the cipher context (parameter lookups,
/// error-queue clearing, frees), which cost a WebRTC viewer more than the encryption of its ~1.2 KB packets itself
/// (docs/benchmarks.md, "WebRTC send cost"). Here a packet costs its AES rounds and one GHASH multiply per block.
/// GHASH follows Gueron and Kounavis's carry-less multiplication method (byte-reflected operands, shift, reduce).
/// </summary>
internal sealed class AesGcmX86 : IGcmCipher
{
    private const int BlockSize = 16;

    private readonly Vector128<byte>[] _roundKeys;
    private readonly Vector128<ulong> _h;
    private readonly Vector128<ulong> _h2;
    private readonly Vector128<ulong> _h3;
    private readonly Vector128<ulong> _h4;

    public AesGcmX86(ReadOnlySpan<byte> key)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("AES-NI, PCLMULQDQ and SSE4.1 are required");
        }

        _roundKeys = key.Length switch
        {
            16 => ExpandKey128(key),
            32 => ExpandKey256(key),
            _ => throw new ArgumentException("AES-GCM keys are 16 or 32 bytes", nameof(key)),
        };
        _h = Reflect(EncryptBlock(Vector128<byte>.Zero)).AsUInt64();
        _h2 = GfMultiply(_h, _h);
        _h3 = GfMultiply(_h2, _h);
        _h4 = GfMultiply(_h3, _h);
    }

    public static bool IsSupported => Aes.IsSupported && Pclmulqdq.IsSupported && Sse41.IsSupported;

    public void Encrypt(ReadOnlySpan<byte> nonce, Span<byte> data, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        var j0 = CounterBlock(nonce);
        var y = Ghash(Vector128<ulong>.Zero, associatedData);
        uint counter = 2;
        int i = 0;
        for (; i + (4 * BlockSize) <= data.Length; i += 4 * BlockSize, counter += 4)
        {
            var block = data.Slice(i, 4 * BlockSize);
            ApplyCounter4(j0, counter, block);
            y = GhashFull(y, block);
        }

        for (; i < data.Length; i += BlockSize, counter++)
        {
            var block = data[i..Math.Min(i + BlockSize, data.Length)];
            ApplyCounter(j0, counter, block);
            y = Ghash(y, block);
        }

        WriteTag(j0, y, associatedData.Length, data.Length, tag);
    }

    public bool TryDecrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        // Authenticate the ciphertext before touching it: a forged packet leaves the buffer as it came.
        var j0 = CounterBlock(nonce);
        var y = Ghash(Ghash(Vector128<ulong>.Zero, associatedData), data);
        Span<byte> expected = stackalloc byte[BlockSize];
        WriteTag(j0, y, associatedData.Length, data.Length, expected);
        if (tag.Length != BlockSize || !CryptographicOperations.FixedTimeEquals(expected, tag))
        {
            return false;
        }

        uint counter = 2;
        int i = 0;
        for (; i + (4 * BlockSize) <= data.Length; i += 4 * BlockSize, counter += 4)
        {
            ApplyCounter4(j0, counter, data.Slice(i, 4 * BlockSize));
        }

        for (; i < data.Length; i += BlockSize, counter++)
        {
            ApplyCounter(j0, counter, data[i..Math.Min(i + BlockSize, data.Length)]);
        }

        return true;
    }

    public void Dispose()
    {
        Array.Clear(_roundKeys);
    }

    /// <summary>The nonce with a zero 32-bit counter; the counter word is inserted per block.</summary>
    private static Vector128<byte> CounterBlock(ReadOnlySpan<byte> nonce)
    {
        if (nonce.Length != 12)
        {
            throw new ArgumentException("the nonce is 12 bytes", nameof(nonce));
        }

        Span<byte> block = stackalloc byte[BlockSize];
        nonce.CopyTo(block);
        block[12..].Clear();
        return Vector128.Create((ReadOnlySpan<byte>)block);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> WithCounter(Vector128<byte> j0, uint counter) =>
        Sse41.Insert(j0.AsUInt32(), BinaryPrimitives.ReverseEndianness(counter), 3).AsByte();

    private void ApplyCounter(Vector128<byte> j0, uint counter, Span<byte> block)
    {
        var keystream = EncryptBlock(WithCounter(j0, counter));
        if (block.Length == BlockSize)
        {
            ref var b = ref MemoryMarshal.GetReference(block);
            (Vector128.LoadUnsafe(ref b) ^ keystream).StoreUnsafe(ref b);
            return;
        }

        Span<byte> ks = stackalloc byte[BlockSize];
        keystream.CopyTo(ks);
        for (int i = 0; i < block.Length; i++)
        {
            block[i] ^= ks[i];
        }
    }

    /// <summary>Four counter blocks through the rounds together: AES-NI pipelines independent blocks.</summary>
    private void ApplyCounter4(Vector128<byte> j0, uint counter, Span<byte> blocks)
    {
        var keys = _roundKeys;
        var k0 = keys[0];
        var c0 = WithCounter(j0, counter) ^ k0;
        var c1 = WithCounter(j0, counter + 1) ^ k0;
        var c2 = WithCounter(j0, counter + 2) ^ k0;
        var c3 = WithCounter(j0, counter + 3) ^ k0;
        int last = keys.Length - 1;
        for (int r = 1; r < last; r++)
        {
            var k = keys[r];
            c0 = Aes.Encrypt(c0, k);
            c1 = Aes.Encrypt(c1, k);
            c2 = Aes.Encrypt(c2, k);
            c3 = Aes.Encrypt(c3, k);
        }

        var kl = keys[last];
        ref var p = ref MemoryMarshal.GetReference(blocks);
        (Vector128.LoadUnsafe(ref p) ^ Aes.EncryptLast(c0, kl)).StoreUnsafe(ref p);
        (Vector128.LoadUnsafe(ref p, 16) ^ Aes.EncryptLast(c1, kl)).StoreUnsafe(ref p, 16);
        (Vector128.LoadUnsafe(ref p, 32) ^ Aes.EncryptLast(c2, kl)).StoreUnsafe(ref p, 32);
        (Vector128.LoadUnsafe(ref p, 48) ^ Aes.EncryptLast(c3, kl)).StoreUnsafe(ref p, 48);
    }

    private Vector128<byte> EncryptBlock(Vector128<byte> block)
    {
        var keys = _roundKeys;
        var state = block ^ keys[0];
        int last = keys.Length - 1;
        for (int r = 1; r < last; r++)
        {
            state = Aes.Encrypt(state, keys[r]);
        }

        return Aes.EncryptLast(state, keys[last]);
    }

    /// <summary>GHASH over data, the last block zero-padded (SP 800-38D §6.4).</summary>
    private Vector128<ulong> Ghash(Vector128<ulong> y, ReadOnlySpan<byte> data)
    {
        int full = data.Length & ~(BlockSize - 1);
        y = GhashFull(y, data[..full]);
        if (full < data.Length)
        {
            Span<byte> padded = stackalloc byte[BlockSize];
            padded.Clear();
            data[full..].CopyTo(padded);
            y = GfMultiply(y ^ Reflect(Vector128.Create((ReadOnlySpan<byte>)padded)).AsUInt64(), _h);
        }

        return y;
    }

    /// <summary>
    /// GHASH over whole blocks, four at a time with H^4..H: the four products are summed before one reduction
    /// (the shift and reduction are linear), so the dependency chain is one multiply per four blocks.
    /// </summary>
    private Vector128<ulong> GhashFull(Vector128<ulong> y, ReadOnlySpan<byte> blocks)
    {
        ref var p = ref MemoryMarshal.GetReference(blocks);
        int i = 0;
        for (; i + (4 * BlockSize) <= blocks.Length; i += 4 * BlockSize)
        {
            var x0 = y ^ Reflect(Vector128.LoadUnsafe(ref p, (nuint)i)).AsUInt64();
            var x1 = Reflect(Vector128.LoadUnsafe(ref p, (nuint)i + 16)).AsUInt64();
            var x2 = Reflect(Vector128.LoadUnsafe(ref p, (nuint)i + 32)).AsUInt64();
            var x3 = Reflect(Vector128.LoadUnsafe(ref p, (nuint)i + 48)).AsUInt64();
            var lo = Pclmulqdq.CarrylessMultiply(x0, _h4, 0x00) ^ Pclmulqdq.CarrylessMultiply(x1, _h3, 0x00)
                ^ Pclmulqdq.CarrylessMultiply(x2, _h2, 0x00) ^ Pclmulqdq.CarrylessMultiply(x3, _h, 0x00);
            var hi = Pclmulqdq.CarrylessMultiply(x0, _h4, 0x11) ^ Pclmulqdq.CarrylessMultiply(x1, _h3, 0x11)
                ^ Pclmulqdq.CarrylessMultiply(x2, _h2, 0x11) ^ Pclmulqdq.CarrylessMultiply(x3, _h, 0x11);
            var mid = Pclmulqdq.CarrylessMultiply(x0, _h4, 0x10) ^ Pclmulqdq.CarrylessMultiply(x0, _h4, 0x01)
                ^ Pclmulqdq.CarrylessMultiply(x1, _h3, 0x10) ^ Pclmulqdq.CarrylessMultiply(x1, _h3, 0x01)
                ^ Pclmulqdq.CarrylessMultiply(x2, _h2, 0x10) ^ Pclmulqdq.CarrylessMultiply(x2, _h2, 0x01)
                ^ Pclmulqdq.CarrylessMultiply(x3, _h, 0x10) ^ Pclmulqdq.CarrylessMultiply(x3, _h, 0x01);
            y = Reduce(lo, mid, hi);
        }

        for (; i < blocks.Length; i += BlockSize)
        {
            y = GfMultiply(y ^ Reflect(Vector128.LoadUnsafe(ref p, (nuint)i)).AsUInt64(), _h);
        }

        return y;
    }

    private void WriteTag(Vector128<byte> j0, Vector128<ulong> y, int aadLength, int dataLength, Span<byte> tag)
    {
        // The lengths block: bit lengths of the AAD and the data, 64 bits each, big-endian.
        Span<byte> lengths = stackalloc byte[BlockSize];
        BinaryPrimitives.WriteUInt64BigEndian(lengths, (ulong)aadLength * 8);
        BinaryPrimitives.WriteUInt64BigEndian(lengths[8..], (ulong)dataLength * 8);
        y = GfMultiply(y ^ Reflect(Vector128.Create((ReadOnlySpan<byte>)lengths)).AsUInt64(), _h);
        var t = Reflect(y.AsByte()) ^ EncryptBlock(WithCounter(j0, 1));
        t.CopyTo(tag);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Reflect(Vector128<byte> v) =>
        Ssse3.Shuffle(v, Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));

    /// <summary>a · b in GF(2^128) on byte-reflected operands (Gueron and Kounavis).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> GfMultiply(Vector128<ulong> a, Vector128<ulong> b) => Reduce(
        Pclmulqdq.CarrylessMultiply(a, b, 0x00),
        Pclmulqdq.CarrylessMultiply(a, b, 0x10) ^ Pclmulqdq.CarrylessMultiply(a, b, 0x01),
        Pclmulqdq.CarrylessMultiply(a, b, 0x11));

    /// <summary>
    /// Folds a 256-bit carry-less product (low, middle, high 128-bit parts) into GF(2^128): shifted left by one bit
    /// (the bit reflection), then reduced modulo x^128 + x^7 + x^2 + x + 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Reduce(Vector128<ulong> lo, Vector128<ulong> mid, Vector128<ulong> hi)
    {
        lo ^= Sse2.ShiftLeftLogical128BitLane(mid.AsByte(), 8).AsUInt64();
        hi ^= Sse2.ShiftRightLogical128BitLane(mid.AsByte(), 8).AsUInt64();

        // hi:lo <<= 1
        var lo32 = lo.AsUInt32();
        var hi32 = hi.AsUInt32();
        var loCarry = Sse2.ShiftRightLogical(lo32, 31);
        var hiCarry = Sse2.ShiftRightLogical(hi32, 31);
        lo32 = Sse2.ShiftLeftLogical(lo32, 1);
        hi32 = Sse2.ShiftLeftLogical(hi32, 1);
        var crossing = Sse2.ShiftRightLogical128BitLane(loCarry.AsByte(), 12).AsUInt32();
        hiCarry = Sse2.ShiftLeftLogical128BitLane(hiCarry.AsByte(), 4).AsUInt32();
        loCarry = Sse2.ShiftLeftLogical128BitLane(loCarry.AsByte(), 4).AsUInt32();
        lo32 |= loCarry;
        hi32 |= hiCarry | crossing;

        // Reduction, first phase.
        var r = Sse2.ShiftLeftLogical(lo32, 31) ^ Sse2.ShiftLeftLogical(lo32, 30) ^ Sse2.ShiftLeftLogical(lo32, 25);
        var rHigh = Sse2.ShiftRightLogical128BitLane(r.AsByte(), 4).AsUInt32();
        lo32 ^= Sse2.ShiftLeftLogical128BitLane(r.AsByte(), 12).AsUInt32();

        // Second phase.
        var s = Sse2.ShiftRightLogical(lo32, 1) ^ Sse2.ShiftRightLogical(lo32, 2) ^ Sse2.ShiftRightLogical(lo32, 7) ^ rHigh;
        lo32 ^= s;
        return (hi32 ^ lo32).AsUInt64();
    }

    private static Vector128<byte>[] ExpandKey128(ReadOnlySpan<byte> key)
    {
        var k = new Vector128<byte>[11];
        k[0] = Vector128.Create(key);
        k[1] = Expand(k[0], Aes.KeygenAssist(k[0], 0x01));
        k[2] = Expand(k[1], Aes.KeygenAssist(k[1], 0x02));
        k[3] = Expand(k[2], Aes.KeygenAssist(k[2], 0x04));
        k[4] = Expand(k[3], Aes.KeygenAssist(k[3], 0x08));
        k[5] = Expand(k[4], Aes.KeygenAssist(k[4], 0x10));
        k[6] = Expand(k[5], Aes.KeygenAssist(k[5], 0x20));
        k[7] = Expand(k[6], Aes.KeygenAssist(k[6], 0x40));
        k[8] = Expand(k[7], Aes.KeygenAssist(k[7], 0x80));
        k[9] = Expand(k[8], Aes.KeygenAssist(k[8], 0x1B));
        k[10] = Expand(k[9], Aes.KeygenAssist(k[9], 0x36));
        return k;
    }

    private static Vector128<byte>[] ExpandKey256(ReadOnlySpan<byte> key)
    {
        var k = new Vector128<byte>[15];
        k[0] = Vector128.Create(key[..16]);
        k[1] = Vector128.Create(key[16..]);
        k[2] = Expand(k[0], Aes.KeygenAssist(k[1], 0x01));
        k[3] = ExpandOdd(k[1], k[2]);
        k[4] = Expand(k[2], Aes.KeygenAssist(k[3], 0x02));
        k[5] = ExpandOdd(k[3], k[4]);
        k[6] = Expand(k[4], Aes.KeygenAssist(k[5], 0x04));
        k[7] = ExpandOdd(k[5], k[6]);
        k[8] = Expand(k[6], Aes.KeygenAssist(k[7], 0x08));
        k[9] = ExpandOdd(k[7], k[8]);
        k[10] = Expand(k[8], Aes.KeygenAssist(k[9], 0x10));
        k[11] = ExpandOdd(k[9], k[10]);
        k[12] = Expand(k[10], Aes.KeygenAssist(k[11], 0x20));
        k[13] = ExpandOdd(k[11], k[12]);
        k[14] = Expand(k[12], Aes.KeygenAssist(k[13], 0x40));
        return k;
    }

    /// <summary>One key-schedule step: the previous round key's words chained by XOR, plus RotWord(SubWord(w3)) ^ rcon.</summary>
    private static Vector128<byte> Expand(Vector128<byte> previous, Vector128<byte> assist)
    {
        var word = Sse2.Shuffle(assist.AsUInt32(), 0xFF).AsByte();
        return Chain(previous) ^ word;
    }

    /// <summary>AES-256's odd round keys: SubWord (no rotation, no rcon) of the newest key's last word.</summary>
    private static Vector128<byte> ExpandOdd(Vector128<byte> previous, Vector128<byte> newest)
    {
        var word = Sse2.Shuffle(Aes.KeygenAssist(newest, 0x00).AsUInt32(), 0xAA).AsByte();
        return Chain(previous) ^ word;
    }

    private static Vector128<byte> Chain(Vector128<byte> k)
    {
        k ^= Sse2.ShiftLeftLogical128BitLane(k, 4);
        k ^= Sse2.ShiftLeftLogical128BitLane(k, 4);
        return k ^ Sse2.ShiftLeftLogical128BitLane(k, 4);
    }
}
