using System.Security.Cryptography;

namespace MediaBroker.Formats.Rtp.Srtp;

/// <summary>
/// AES in counter mode as SRTP defines it (RFC 3711 §4.1.1): keystream block j = AES(key, IV + j), where
/// the 16-bit block counter sits in the low bits of the 128-bit IV. One ECB transform and two scratch
/// buffers are kept per instance, so encrypting a packet allocates nothing.
/// </summary>
internal sealed class AesCounterMode : IDisposable
{
    private const int ChunkBlocks = 32;
    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counters = new byte[ChunkBlocks * 16];
    private readonly byte[] _keystream = new byte[ChunkBlocks * 16];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>XORs the keystream for <paramref name="iv"/> (16 bytes, low 16 bits zero) into <paramref name="data"/>.</summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        int block = 0;
        while (!data.IsEmpty)
        {
            int blocks = Math.Min(ChunkBlocks, (data.Length + 15) / 16);
            for (int i = 0; i < blocks; i++, block++)
            {
                var counter = _counters.AsSpan(i * 16, 16);
                iv.CopyTo(counter);

                // The counter is added to the IV's last 16 bits (RFC 3711 §4.1.1); SRTP packets stay far below 2^16 blocks.
                int low = ((iv[14] << 8) | iv[15]) + block;
                counter[14] = (byte)(low >> 8);
                counter[15] = (byte)low;
            }

            int bytes = blocks * 16;
            _ecb.TransformBlock(_counters, 0, bytes, _keystream, 0);
            int n = Math.Min(bytes, data.Length);
            for (int i = 0; i < n; i++)
            {
                data[i] ^= _keystream[i];
            }

            data = data[n..];
        }
    }

    /// <summary>Writes raw keystream (used by the key derivation PRF, RFC 3711 §4.3.3).</summary>
    public void Keystream(ReadOnlySpan<byte> iv, Span<byte> output)
    {
        output.Clear();
        Apply(iv, output);
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
    }
}
