using System.Security.Cryptography;

namespace MediaBroker.Protocols.WebRtc.Ice;

/// <summary>Local ICE credentials (RFC 8839 §5.4): ice-ufrag of at least 4 and ice-pwd of at least 22 ice-chars.</summary>
public sealed record IceCredentials(string Ufrag, string Password)
{
    // ice-char = ALPHA / DIGIT / "+" / "/" (RFC 8839 §9.1); "+" and "/" are left out so values need no escaping anywhere.
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Random credentials: 16-char ufrag (96 bits, unguessable for the UDP mux lookup) and 32-char password.</summary>
    public static IceCredentials Generate()
        => new(RandomNumberGenerator.GetString(Alphabet, 16), RandomNumberGenerator.GetString(Alphabet, 32));
}
