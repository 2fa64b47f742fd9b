using System.Security.Cryptography;
using System.Text;

namespace MediaBroker.Protocols.WebRtc.Stun;

/// <summary>MESSAGE-INTEGRITY keys (RFC 8489 §9). SASLprep/OpaqueString is not applied: ICE passwords are ASCII.</summary>
public static class StunCredentials
{
    /// <summary>Short-term credential key (ICE): the password's UTF-8 bytes.</summary>
    public static byte[] ShortTermKey(string password) => Encoding.UTF8.GetBytes(password);

    /// <summary>Long-term credential key: MD5(username ":" realm ":" password) (RFC 8489 §9.2.2).</summary>
    public static byte[] LongTermKey(string username, string realm, string password)
    {
        // MD5 is what the protocol defines for this key; it is not our choice of hash.
#pragma warning disable CA5351
        return MD5.HashData(Encoding.UTF8.GetBytes(username + ":" + realm + ":" + password));
#pragma warning restore CA5351
    }
}
