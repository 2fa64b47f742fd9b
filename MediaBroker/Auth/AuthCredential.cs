using System.Security.Cryptography;
using System.Text;

namespace MediaBroker.Auth;

/// <summary>
/// A configured user or pass: plain text, <c>sha256:&lt;base64&gt;</c> or <c>argon2:$argon2id$...</c>.
/// Plain values are kept as their SHA-256 so that plain and sha256 both reduce to one fixed-length,
/// constant-time comparison that leaks neither content nor length.
/// </summary>
internal sealed class AuthCredential
{
    private readonly byte[]? _sha256;
    private readonly string? _argon2;
    private readonly SodiumPasswordHash? _sodium;

    private AuthCredential(string raw, byte[]? sha256, string? argon2, SodiumPasswordHash? sodium)
    {
        Raw = raw;
        _sha256 = sha256;
        _argon2 = argon2;
        _sodium = sodium;
    }

    /// <summary>The value as configured (handed to the RTSP Digest callback).</summary>
    public string Raw { get; }

    public bool IsPlain => _sha256 is not null && !Raw.StartsWith("sha256:", StringComparison.Ordinal);

    /// <summary>Parses a configured value; <paramref name="sodium"/> loads libsodium on first argon2 use.</summary>
    public static bool TryParse(string raw, Lazy<SodiumPasswordHash?> sodium, out AuthCredential? credential, out string error)
    {
        credential = null;
        error = "";
        if (raw.StartsWith("sha256:", StringComparison.Ordinal))
        {
            var digest = new byte[SHA256.HashSizeInBytes];
            if (!Convert.TryFromBase64String(raw["sha256:".Length..], digest, out var written) || written != digest.Length)
            {
                error = "invalid sha256 credential: expected 'sha256:' followed by the base64 of a SHA-256 digest";
                return false;
            }

            credential = new AuthCredential(raw, digest, null, null);
            return true;
        }

        if (raw.StartsWith("argon2:", StringComparison.Ordinal))
        {
            var hash = raw["argon2:".Length..];
            if (!hash.StartsWith("$argon2id$", StringComparison.Ordinal) && !hash.StartsWith("$argon2i$", StringComparison.Ordinal))
            {
                error = "invalid argon2 credential: expected 'argon2:$argon2id$...' or 'argon2:$argon2i$...'";
                return false;
            }

            if (sodium.Value is not { } lib)
            {
                error = SodiumPasswordHash.InstallHint;
                return false;
            }

            credential = new AuthCredential(raw, null, hash, lib);
            return true;
        }

        credential = new AuthCredential(raw, SHA256.HashData(Encoding.UTF8.GetBytes(raw)), null, null);
        return true;
    }

    /// <summary>An argon2 hash: checking a value costs tens of milliseconds of CPU by design.</summary>
    public bool IsSlowToCheck => _argon2 is not null;

    /// <summary>Checks a value the client sent.</summary>
    public bool Check(string input)
    {
        if (_argon2 is not null)
        {
            return _sodium!.Verify(_argon2, input);
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var max = Encoding.UTF8.GetMaxByteCount(input.Length);
        if (max <= 256)
        {
            Span<byte> utf8 = stackalloc byte[256];
            var n = Encoding.UTF8.GetBytes(input, utf8);
            SHA256.HashData(utf8[..n], digest);
        }
        else
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(input), digest);
        }

        return CryptographicOperations.FixedTimeEquals(digest, _sha256);
    }
}
