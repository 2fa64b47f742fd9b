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
