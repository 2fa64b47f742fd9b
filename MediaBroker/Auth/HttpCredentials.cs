using System.Text;

namespace MediaBroker.Auth;

/// <summary>Credentials from an HTTP (or RTSP Basic) <c>Authorization</c> header.</summary>
public static class HttpCredentials
{
    /// <summary>
    /// Parses <c>Basic base64(user:pass)</c>, <c>Bearer user:pass</c> (exactly one colon, which lets OBS send
    /// credentials in its bearer field) and <c>Bearer &lt;token or JWT&gt;</c>. Values not present are "".
    /// Returns false for a missing, unknown or malformed header.
    /// </summary>
    public static bool TryParse(string? header, out string user, out string pass, out string token)
    {
        user = "";
        pass = "";
        token = "";
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        var value = header.AsSpan().Trim();
        var space = value.IndexOf(' ');
        if (space <= 0)
        {
            return false;
        }

        var scheme = value[..space];
        var rest = value[(space + 1)..].Trim();
        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return TryParseBasic(rest, out user, out pass);
        }

        if (!scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || rest.IsEmpty)
        {
            return false;
        }

        var colon = rest.IndexOf(':');
        if (colon >= 0 && rest[(colon + 1)..].IndexOf(':') < 0)
        {
            user = rest[..colon].ToString();
            pass = rest[(colon + 1)..].ToString();
        }
        else
        {
            token = rest.ToString();
        }

        return true;
    }

    private static bool TryParseBasic(ReadOnlySpan<char> encoded, out string user, out string pass)
    {
        user = "";
        pass = "";
        var max = (encoded.Length * 3 / 4) + 3;
        var bytes = new byte[max];
        if (!Convert.TryFromBase64Chars(encoded, bytes, out var n))
        {
            return false;
        }

        // RFC 7617 §2: the user-id cannot contain a colon, the password can.
        var decoded = Encoding.UTF8.GetString(bytes, 0, n);
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        user = decoded[..colon];
        pass = decoded[(colon + 1)..];
        return true;
    }
}
