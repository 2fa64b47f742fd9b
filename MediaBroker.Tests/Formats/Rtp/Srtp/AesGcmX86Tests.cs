using System.Security.Cryptography;
using FluentAssertions;
using MediaBroker.Formats.Rtp.Srtp;
using Xunit;

namespace MediaBroker.Tests.Formats.Rtp.Srtp;

/// <summary>
/// The AES-NI AES-GCM against the platform's (OpenSSL) on the same inputs: every key size, data and AAD length that
/// SRTP produces (empty, partial blocks, the four-block path, a 1500-byte datagram), and forged tags.
/// RFC 7714's vectors go through it in <see cref="SrtpContextTests"/>.
/// </summary>
public sealed class AesGcmX86Tests
{
    public static TheoryData<int> KeySizes => new() { 16, 32 };

    [Theory]
    [MemberData(nameof(KeySizes))]
    public void Encrypt_MatchesThePlatformsAesGcm_ForEveryLength(int keySize)
    {
        if (!AesGcmX86.IsSupported)
        {
            return; // the CPU lacks AES-NI: GcmCipher uses the platform's AES-GCM, which SrtpContextTests covers
        }

        var random = new Random(keySize);
        int[] aadLengths = [0, 1, 12, 16, 17, 24, 40];
        for (int length = 0; length <= 1500; length += length < 80 ? 1 : 37)
        {
            var key = Bytes(random, keySize);
            var nonce = Bytes(random, 12);
            var aad = Bytes(random, aadLengths[length % aadLengths.Length]);
            var plain = Bytes(random, length);

            var expected = new byte[length];
            var expectedTag = new byte[16];
            using (var platform = new AesGcm(key, 16))
            {
                platform.Encrypt(nonce, plain, expected, expectedTag, aad);
            }

            using var cipher = new AesGcmX86(key);
            var data = (byte[])plain.Clone();
            var tag = new byte[16];
            cipher.Encrypt(nonce, data, tag, aad);

            data.Should().Equal(expected, $"ciphertext of {length} bytes with {aad.Length} bytes of AAD");
            tag.Should().Equal(expectedTag, $"tag of {length} bytes with {aad.Length} bytes of AAD");

            cipher.TryDecrypt(nonce, data, tag, aad).Should().BeTrue();
            data.Should().Equal(plain);
        }
    }

    [Theory]
    [MemberData(nameof(KeySizes))]
    public void TryDecrypt_ForgedTagCiphertextOrAad_IsRefusedAndLeavesTheBufferAlone(int keySize)
    {
        if (!AesGcmX86.IsSupported)
        {
            return;
        }

        var random = new Random(100 + keySize);
        var key = Bytes(random, keySize);
        var nonce = Bytes(random, 12);
        var aad = Bytes(random, 12);
        var sealedData = Bytes(random, 1200);
        var tag = new byte[16];
        using var cipher = new AesGcmX86(key);
        cipher.Encrypt(nonce, sealedData, tag, aad);

        foreach (var forge in new Action<byte[], byte[], byte[]>[]
                 {
                     (d, t, a) => t[15] ^= 1,
                     (d, t, a) => d[700] ^= 0x80,
                     (d, t, a) => a[0] ^= 2,
                 })
        {
            var data = (byte[])sealedData.Clone();
            var forgedTag = (byte[])tag.Clone();
            var forgedAad = (byte[])aad.Clone();
            forge(data, forgedTag, forgedAad);
            var before = (byte[])data.Clone();

            cipher.TryDecrypt(nonce, data, forgedTag, forgedAad).Should().BeFalse();
            data.Should().Equal(before, "nothing is decrypted before the tag verifies");
        }
    }

    [Fact]
    public void Create_OnThisCpu_PicksTheAesNiCipherWhenSupported()
    {
        using var cipher = GcmCipher.Create(new byte[16]);

        cipher.Should().BeOfType(AesGcmX86.IsSupported ? typeof(AesGcmX86) : typeof(PlatformGcmCipher));
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
