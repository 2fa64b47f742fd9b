namespace MediaBroker.Protocols.Rtmp;

/// <summary>
/// An rtmp:// or rtmps:// URL split the way ffmpeg and OBS split it: the first path segment is the app, the
/// rest (with the query) is the stream name.
/// </summary>
public sealed record RtmpClientUrl(bool IsTls, string Host, int Port, string App, string StreamName, string TcUrl)
{
    public static RtmpClientUrl Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("rtmp" or "rtmps"))
        {
            throw new ArgumentException($"'{url}' is not an rtmp:// or rtmps:// URL", nameof(url));
        }

        var tls = uri.Scheme == "rtmps";
        var port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? 443 : 1935) : uri.Port;
        var path = uri.AbsolutePath.Trim('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var app = slash < 0 ? path : path[..slash];
        var name = (slash < 0 ? "" : path[(slash + 1)..]) + uri.Query;
        var host = uri.IdnHost;
        var tcUrl = $"{uri.Scheme}://{uri.Authority}/{app}";
        return new RtmpClientUrl(tls, host, port, app, name, tcUrl);
    }
}
