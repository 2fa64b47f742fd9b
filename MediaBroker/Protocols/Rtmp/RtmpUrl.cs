namespace MediaBroker.Protocols.Rtmp;

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
