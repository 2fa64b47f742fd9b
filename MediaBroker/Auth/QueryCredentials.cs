using MediaBroker.Net;

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

        foreach (var parameter in new UrlQuery(query))
        {
            switch (parameter.Name)
            {
                case "user": user = parameter.DecodeValue(plusIsSpace: true); break;
                case "pass": pass = parameter.DecodeValue(plusIsSpace: true); break;
                case "token": token = parameter.DecodeValue(plusIsSpace: true); break;
                case "jwt": jwt = parameter.DecodeValue(plusIsSpace: true); break;
                default: break;
            }
        }

        if (token.Length == 0)
        {
            token = jwt;
        }

        return user.Length != 0 || pass.Length != 0 || token.Length != 0;
    }
}
