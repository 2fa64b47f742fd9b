using System.Security.Cryptography;

namespace MediaBroker.Formats.Rtp.Srtp;

/// <summary>AES-GCM with a 12-byte nonce and a 16-byte tag, transforming data in place (RFC 7714's AEAD profiles).</summary>
internal interface IGcmCipher : IDisposable
{
    void Encrypt(ReadOnlySpan<byte> nonce, Span<byte> data, Span<byte> tag, ReadOnlySpan<byte> associatedData);

    /// <summary>Decrypts in place when the tag verifies; false (a forged or corrupt packet) otherwise.</summary>
    bool TryDecrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData);
}

/// <summary>Picks the AES-NI implementation where the CPU has it, the platform's <see cref="AesGcm"/> elsewhere.</summary>
internal static class GcmCipher
{
    public static IGcmCipher Create(ReadOnlySpan<byte> key) =>
        AesGcmX86.IsSupported ? new AesGcmX86(key) : new PlatformGcmCipher(key);
}

/// <summary>The platform's AES-GCM (OpenSSL on Linux): correct everywhere, with a fixed cost per call.</summary>
internal sealed class PlatformGcmCipher(ReadOnlySpan<byte> key) : IGcmCipher
{
    private readonly AesGcm _gcm = new(key, 16);

    public void Encrypt(ReadOnlySpan<byte> nonce, Span<byte> data, Span<byte> tag, ReadOnlySpan<byte> associatedData) =>
        _gcm.Encrypt(nonce, data, data, tag, associatedData);

    public bool TryDecrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        try
        {
            _gcm.Decrypt(nonce, data, tag, data, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            // AesGcm reports a bad tag only by exception.
            return false;
        }
    }

    public void Dispose() => _gcm.Dispose();
}
