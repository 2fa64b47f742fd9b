using System.Runtime.InteropServices;
using System.Text;

namespace MediaBroker.Auth;

/// <summary>
/// A tiny lazy binding of libsodium's password hashing (argon2id / argon2i strings such as
/// <c>$argon2id$v=19$m=65536,t=2,p=1$...</c>). Loaded only when an <c>argon2:</c> credential is configured.
/// Delegates over exported function pointers keep the project free of unsafe code.
/// </summary>
internal sealed class SodiumPasswordHash
{
    public const string LibraryName = "libsodium.so.23";
    public const string InstallHint = "argon2 credentials need libsodium: install it with 'apt-get install libsodium23'";

    // crypto_pwhash_STRBYTES: the hash string buffer, NUL-terminated.
    private const int StrBytes = 128;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int SodiumInit();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int StrVerify(byte[] str, byte[] passwd, ulong passwdLen);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int StrHash([Out] byte[] output, byte[] passwd, ulong passwdLen, ulong opsLimit, nuint memLimit);

    private readonly StrVerify _verify;
    private readonly StrHash _hashArgon2Id;
    private readonly StrHash _hashArgon2I;

    private SodiumPasswordHash(nint library)
    {
        _verify = Marshal.GetDelegateForFunctionPointer<StrVerify>(NativeLibrary.GetExport(library, "crypto_pwhash_str_verify"));
        _hashArgon2Id = Marshal.GetDelegateForFunctionPointer<StrHash>(NativeLibrary.GetExport(library, "crypto_pwhash_argon2id_str"));
        _hashArgon2I = Marshal.GetDelegateForFunctionPointer<StrHash>(NativeLibrary.GetExport(library, "crypto_pwhash_argon2i_str"));
        var init = Marshal.GetDelegateForFunctionPointer<SodiumInit>(NativeLibrary.GetExport(library, "sodium_init"));
        if (init() < 0)
        {
            throw new InvalidOperationException("sodium_init failed");
        }
    }

    /// <summary>Loads libsodium, or returns null when it is not installed.</summary>
    public static SodiumPasswordHash? TryLoad()
    {
        if (!NativeLibrary.TryLoad(LibraryName, out var handle) && !NativeLibrary.TryLoad("libsodium", out handle))
        {
            return null;
        }

        try
        {
            return new SodiumPasswordHash(handle);
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Checks a password against an argon2 hash string; the comparison inside libsodium is constant-time.</summary>
    public bool Verify(string hash, string password)
    {
        var hashBytes = new byte[StrBytes];
        if (Encoding.ASCII.GetByteCount(hash) >= StrBytes)
        {
            return false;
        }

        Encoding.ASCII.GetBytes(hash, hashBytes);
        var pass = Encoding.UTF8.GetBytes(password);
        return _verify(hashBytes, pass, (ulong)pass.Length) == 0;
    }

    /// <summary>Hashes a password (tests and tooling; the server only verifies).</summary>
    public string Hash(string password, bool argon2i, ulong opsLimit, nuint memLimit)
    {
        var output = new byte[StrBytes];
        var pass = Encoding.UTF8.GetBytes(password);
        var rc = argon2i
            ? _hashArgon2I(output, pass, (ulong)pass.Length, opsLimit, memLimit)
            : _hashArgon2Id(output, pass, (ulong)pass.Length, opsLimit, memLimit);
        if (rc != 0)
        {
            throw new InvalidOperationException("crypto_pwhash_str failed");
        }

        return Encoding.ASCII.GetString(output, 0, Array.IndexOf(output, (byte)0));
    }
}
