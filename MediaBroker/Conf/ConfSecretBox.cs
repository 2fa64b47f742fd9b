using System.Runtime.InteropServices;
using System.Text;

namespace MediaBroker.Conf;

/// <summary>
/// Opens a MediaMTX encrypted configuration (<c>MTX_CONFKEY</c>): the file holds standard base64 of a 24-byte nonce
/// followed by a NaCl secretbox (XSalsa20-Poly1305: 16-byte tag, then the ciphertext); the key is the variable's
/// bytes, zero-padded or cut to 32 bytes, as MediaMTX copies it. libsodium's <c>crypto_secretbox_open_easy</c> does
/// the work; it is loaded only when a key is set.
/// </summary>
internal static class ConfSecretBox
{
    public const string LibraryName = "libsodium.so.23";
    public const string InstallHint = "install libsodium (Debian/Ubuntu: 'apt-get install libsodium23')";

    private const int KeyBytes = 32;   // crypto_secretbox_KEYBYTES
    private const int NonceBytes = 24; // crypto_secretbox_NONCEBYTES
    private const int MacBytes = 16;   // crypto_secretbox_MACBYTES

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int SodiumInit();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int SecretBoxOpenEasy([Out] byte[] m, byte[] c, ulong clen, byte[] n, byte[] k);

    /// <summary>The decrypted text, or an error message (never throws on bad input).</summary>
    public static bool TryOpen(string fileText, string key, out string plainText, out string error)
    {
        plainText = "";
        byte[] box;
        try
        {
            box = Convert.FromBase64String(fileText.Trim());
        }
        catch (FormatException)
        {
            error = "MTX_CONFKEY is set but the configuration file is not base64 (an encrypted file is base64 of nonce + secretbox)";
            return false;
        }

        if (box.Length < NonceBytes + MacBytes)
        {
            error = "MTX_CONFKEY is set but the encrypted configuration is too short to hold a nonce and a secretbox";
            return false;
        }

        if (!TryLoad(out SecretBoxOpenEasy? open, out error)) return false;

        byte[] k = new byte[KeyBytes];
        byte[] keyBytes = Encoding.UTF8.GetBytes(key);
        Array.Copy(keyBytes, k, Math.Min(keyBytes.Length, KeyBytes));
        byte[] nonce = box[..NonceBytes];
        byte[] cipher = box[NonceBytes..];
        byte[] plain = new byte[cipher.Length - MacBytes];
        if (open!(plain, cipher, (ulong)cipher.Length, nonce, k) != 0)
        {
            error = "cannot decrypt the configuration with MTX_CONFKEY: wrong key or damaged file";
            return false;
        }

        plainText = Encoding.UTF8.GetString(plain);
        return true;
    }

    private static bool TryLoad(out SecretBoxOpenEasy? open, out string error)
    {
        open = null;
        if (!NativeLibrary.TryLoad(LibraryName, out nint lib) && !NativeLibrary.TryLoad("libsodium", out lib))
        {
            error = $"MTX_CONFKEY is set, and decrypting the configuration needs libsodium ({LibraryName}), which is not installed: {InstallHint}";
            return false;
        }

        if (!NativeLibrary.TryGetExport(lib, "crypto_secretbox_open_easy", out nint openPtr)
            || !NativeLibrary.TryGetExport(lib, "sodium_init", out nint initPtr))
        {
            error = $"MTX_CONFKEY is set, but the libsodium found lacks crypto_secretbox_open_easy: {InstallHint}";
            return false;
        }

        if (Marshal.GetDelegateForFunctionPointer<SodiumInit>(initPtr)() < 0)
        {
            error = "MTX_CONFKEY is set, but libsodium failed to initialise (sodium_init)";
            return false;
        }

        open = Marshal.GetDelegateForFunctionPointer<SecretBoxOpenEasy>(openPtr);
        error = "";
        return true;
    }
}
