using System.Security.Cryptography;
using System.Text;

namespace MediaBroker.Protocols.Rtsp.Messages;

/// <summary>An <c>Authorization</c> header: Basic (user, password) or Digest (RFC 2617 response fields).</summary>
public sealed record RtspAuthorization(string Scheme, string User, string? Password, IReadOnlyDictionary<string, string> Params)
{
    public bool IsDigest => Scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase);

    public static bool TryParse(string header, out RtspAuthorization auth)
    {
        auth = null!;
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return false;
        }

        var scheme = header[..space];
        var rest = header[(space + 1)..].Trim();
        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(rest));
            }
            catch (FormatException)
            {
                return false;
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            auth = colon < 0
                ? new RtspAuthorization("Basic", decoded, "", new Dictionary<string, string>())
                : new RtspAuthorization("Basic", decoded[..colon], decoded[(colon + 1)..], new Dictionary<string, string>());
            return true;
        }

        if (scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase))
        {
            var p = ParseParams(rest);
            if (!p.TryGetValue("username", out var user) || !p.ContainsKey("response"))
            {
                return false;
            }

            auth = new RtspAuthorization("Digest", user, null, p);
            return true;
        }

        return false;
    }

    /// <summary>Checks a Digest response against plain credentials (RFC 2617 §3.2.2, MD5, with or without qop=auth).</summary>
    public bool VerifyDigest(string method, string expectedUser, string expectedPassword, string realm, string nonce)
    {
        if (!IsDigest || User != expectedUser)
        {
            return false;
        }

        if (!Params.TryGetValue("nonce", out var n) || n != nonce || (Params.TryGetValue("realm", out var r) && r != realm))
        {
            return false;
        }

        var uri = Params.GetValueOrDefault("uri", "");
        var ha1 = Md5Hex($"{User}:{realm}:{expectedPassword}");
        var ha2 = Md5Hex($"{method}:{uri}");
        var expected = Params.TryGetValue("qop", out var qop) && qop == "auth"
            ? Md5Hex($"{ha1}:{nonce}:{Params.GetValueOrDefault("nc", "")}:{Params.GetValueOrDefault("cnonce", "")}:auth:{ha2}")
            : Md5Hex($"{ha1}:{nonce}:{ha2}");
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(Params["response"].ToLowerInvariant()));
    }

    /// <summary>Computes a Digest response, for our RTSP client.</summary>
    public static string DigestResponse(string method, string uri, string user, string password, string realm, string nonce) =>
        Md5Hex($"{Md5Hex($"{user}:{realm}:{password}")}:{nonce}:{Md5Hex($"{method}:{uri}")}");

    private static string Md5Hex(string s) =>
#pragma warning disable CA5351 // RFC 2617 Digest is defined on MD5; it is what RTSP clients speak.
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s)));
#pragma warning restore CA5351

    /// <summary>Parses <c>k="v", k2=v2</c> lists, with commas inside quotes.</summary>
    public static Dictionary<string, string> ParseParams(string s)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && s[i] is ' ' or ',')
            {
                i++;
            }

            var eq = s.IndexOf('=', i);
            if (eq < 0)
            {
                break;
            }

            var key = s[i..eq].Trim();
            i = eq + 1;
            string value;
            if (i < s.Length && s[i] == '"')
            {
                var end = s.IndexOf('"', i + 1);
                end = end < 0 ? s.Length : end;
                value = s[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                var end = s.IndexOf(',', i);
                end = end < 0 ? s.Length : end;
                value = s[i..end].Trim();
                i = end;
            }

            result[key] = value;
        }

        return result;
    }
}
