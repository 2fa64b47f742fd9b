namespace MediaBroker.Servers.Rtmp;

/// <summary>
/// Path names and credentials from what an RTMP client sends: the app (and tcUrl) of connect and the stream
/// name of publish/play. <c>rtmp://host/live/cam</c> gives app "live" and name "cam" (ffmpeg, OBS), so the path
/// is "live/cam"; <c>rtmp://host/cam</c> gives app "cam" and name "cam" (ffmpeg) or an empty name, so "cam".
/// The query may sit on either part; both are kept for auth and hooks.
/// </summary>
public static class RtmpUrl
{
    public static (string Path, string Query) Resolve(string? app, string? tcUrl, string? name)
    {
        var (appPath, appQuery) = SplitQuery(app ?? AppFromTcUrl(tcUrl));
        if (appQuery.Length == 0 && tcUrl is not null)
        {
            appQuery = SplitQuery(tcUrl).Query;
        }

        var (namePath, nameQuery) = SplitQuery(name ?? "");
        appPath = appPath.Trim('/');
        namePath = namePath.Trim('/');
        var path = appPath.Length == 0 ? namePath
            : namePath.Length == 0 || namePath == appPath ? appPath
            : appPath + "/" + namePath;
        var query = appQuery.Length == 0 ? nameQuery : nameQuery.Length == 0 ? appQuery : appQuery + "&" + nameQuery;
        return (path, query);
    }

    /// <summary>The <c>user</c>, <c>pass</c> and <c>token</c> (or legacy <c>jwt</c>) query parameters.</summary>
    public static (string? User, string? Password, string? Token) Credentials(string query)
    {
        string? user = null, pass = null, token = null;
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? "" : Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
            switch (key)
            {
                case "user":
                    user = value;
                    break;
                case "pass":
                    pass = value;
                    break;
                case "token" or "jwt":
                    token ??= value;
                    break;
            }
        }

        return (user, pass, token);
    }

    private static (string Path, string Query) SplitQuery(string text)
    {
        var q = text.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? (text, "") : (text[..q], text[(q + 1)..]);
    }

    private static string AppFromTcUrl(string? tcUrl)
    {
        if (tcUrl is null)
        {
            return "";
        }

        var scheme = tcUrl.IndexOf("://", StringComparison.Ordinal);
        var rest = scheme < 0 ? tcUrl : tcUrl[(scheme + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? "" : rest[(slash + 1)..];
    }
}
