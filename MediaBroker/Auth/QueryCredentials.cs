namespace MediaBroker.Auth;

/// <summary>Credentials passed in a URL query (RTMP <c>?user=&amp;pass=</c>, <c>?token=</c>, legacy <c>?jwt=</c>).</summary>
public static class QueryCredentials
{
    /// <summary>
    /// Reads <c>user</c>, <c>pass</c> and <c>token</c> (or, when <c>token</c> is absent, <c>jwt</c>) from a raw
    /// query string, with or without its leading '?'. Values are URL-decoded ('+' is a space). Returns true
    /// when at least one of them is present and not empty.
    /// </summary>
    public static bool TryParse(string? query, out string user, out string pass, out string token)
    {
        user = "";
        pass = "";
        token = "";
        var jwt = "";
        if (string.IsNullOrEmpty(query))
        {
            return false;
        }

        var rest = query.AsSpan();
        if (rest.StartsWith("?"))
        {
            rest = rest[1..];
        }

        while (!rest.IsEmpty)
        {
            var amp = rest.IndexOf('&');
            var pair = amp < 0 ? rest : rest[..amp];
            rest = amp < 0 ? [] : rest[(amp + 1)..];
            var eq = pair.IndexOf('=');
            var key = eq < 0 ? pair : pair[..eq];
            var raw = eq < 0 ? [] : pair[(eq + 1)..];
            switch (key)
            {
                case "user": user = Decode(raw); break;
                case "pass": pass = Decode(raw); break;
                case "token": token = Decode(raw); break;
                case "jwt": jwt = Decode(raw); break;
                default: break;
            }
        }

        if (token.Length == 0)
        {
            token = jwt;
        }

        return user.Length != 0 || pass.Length != 0 || token.Length != 0;
    }

    private static string Decode(ReadOnlySpan<char> raw) =>
        raw.IsEmpty ? "" : Uri.UnescapeDataString(raw.ToString().Replace('+', ' '));
}
