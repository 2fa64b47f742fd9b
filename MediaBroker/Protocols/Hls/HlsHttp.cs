using MediaBroker.Core;

namespace MediaBroker.Protocols.Hls;

/// <summary>HTTP details shared by the HLS handlers: status mapping, content types, cache policy.</summary>
internal static class HlsHttp
{
    public const string PlaylistType = "application/vnd.apple.mpegurl";
    public const string Mp4Type = "video/mp4";
    public const string TsType = "video/mp2t";

    /// <summary>Playlists change with every part: never cached. Segments, parts and init never change once published.</summary>
    public const string NoCache = "no-cache";
    public const string Cacheable = "max-age=30";

    /// <summary>Precomputed answers of <see cref="BlockingReloadCache"/> for target durations of 1-10 s (no string per request).</summary>
    private static readonly string[] BlockingReloadAges = [.. Enumerable.Range(0, 11).Select(t => "max-age=" + (3 * Math.Max(1, t)).ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>
    /// Cache-Control of a playlist answering a blocking reload (<c>_HLS_msn</c>): unlike a plain reload, it stays a correct
    /// answer to that exact URL (it lists the part asked for), so a cache in front may serve it to every viewer asking the
    /// same URL and send the node one request per part. Three target durations: as long as such a request may wait here.
    /// </summary>
    public static string BlockingReloadCache(int targetDuration) =>
        targetDuration < BlockingReloadAges.Length
            ? BlockingReloadAges[Math.Max(0, targetDuration)]
            : "max-age=" + (3 * targetDuration).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static int StatusOf(PathStatus status) => status switch
    {
        PathStatus.Ok => 200,
        PathStatus.CredentialsRequired or PathStatus.Unauthorized => 401,
        PathStatus.TooManyReaders => 503,
        PathStatus.Redirect => 302,
        PathStatus.InvalidName => 400,
        _ => 404,
    };
}
