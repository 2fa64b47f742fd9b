using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using FluentAssertions;
using MediaBroker.Conf;
using Xunit;
using static MediaBroker.Tests.Conf.ConfTestUtil;

namespace MediaBroker.Tests.Conf;

/// <summary>MTX_CONFKEY: a file encrypted as MediaMTX documents it (base64 of nonce + secretbox) loads.</summary>
public sealed class ConfSecretBoxTests
{
    private const string Key = "testing123testin"; // MediaMTX's own test key: 16 bytes, zero-padded to 32

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int SecretBoxEasy([Out] byte[] c, byte[] m, ulong mlen, byte[] n, byte[] k);

    [Fact]
    public void Load_EncryptedWithConfKey_Decrypts()
    {
        string file = Encrypt("rtspAddress: :9554\npaths:\n  cam:\n    source: publisher\n", Key);
        ConfLoadResult r = Load(file, new Dictionary<string, string> { ["MTX_CONFKEY"] = Key });
        r.Errors.Should().BeEmpty();
        r.Conf!.RtspAddress.Should().Be(":9554");
        r.Conf.Paths.Select(p => p.Name).Should().Equal("cam");
    }

    [Fact]
    public void Load_LegacyRtspConfKey_Decrypts()
    {
        string file = Encrypt("paths:\n  path1:\n  path2:\n", Key);
        ConfLoadResult r = Load(file, new Dictionary<string, string> { ["RTSP_CONFKEY"] = Key });
        r.Errors.Should().BeEmpty();
        r.Conf!.Paths.Select(p => p.Name).Should().Equal("path1", "path2");
    }

    [Fact]
    public void Load_WrongKey_ClearError()
    {
        string file = Encrypt("rtspAddress: :9554\n", Key);
        ConfLoadResult r = Load(file, new Dictionary<string, string> { ["MTX_CONFKEY"] = "another-key" });
        r.Ok.Should().BeFalse();
        r.Errors.Should().ContainSingle().Which.Message.Should().Contain("MTX_CONFKEY").And.Contain("wrong key");
    }

    [Fact]
    public void Load_PlainFileWithConfKey_ClearError()
    {
        ConfLoadResult r = Load("rtspAddress: :9554\n", new Dictionary<string, string> { ["MTX_CONFKEY"] = Key });
        r.Ok.Should().BeFalse();
        r.Errors.Should().ContainSingle().Which.Message.Should().Contain("MTX_CONFKEY").And.Contain("base64");
    }

    [Fact]
    public void LoadFile_NoFileWithConfKey_UsesPlainBuiltInDefaults()
    {
        string dir = Directory.CreateTempSubdirectory("mb-confkey-").FullName;
        try
        {
            ConfLoadResult r = ConfLoader.LoadFile(null, new Dictionary<string, string> { ["MTX_CONFKEY"] = Key }, dir, ["none.yml"]);
            r.Errors.Should().BeEmpty();
            r.UsedDefaults.Should().BeTrue();
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>libsodium's crypto_secretbox_easy: the tag then the ciphertext, after a random nonce, all base64.</summary>
    private static string Encrypt(string plain, string key)
    {
        nint lib = NativeLibrary.Load(ConfSecretBox.LibraryName);
        var seal = Marshal.GetDelegateForFunctionPointer<SecretBoxEasy>(NativeLibrary.GetExport(lib, "crypto_secretbox_easy"));
        byte[] k = new byte[32];
        Encoding.UTF8.GetBytes(key).CopyTo(k, 0);
        byte[] nonce = RandomNumberGenerator.GetBytes(24);
        byte[] m = Encoding.UTF8.GetBytes(plain);
        byte[] c = new byte[m.Length + 16];
        seal(c, m, (ulong)m.Length, nonce, k).Should().Be(0);
        return Convert.ToBase64String([.. nonce, .. c]);
    }
}
