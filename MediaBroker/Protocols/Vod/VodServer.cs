using System.Globalization;
using System.Text;
using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Net.Http;
using MediaBroker.Streams.Files;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Vod;

/// <summary>
/// Seekable outputs of paths whose source is a media file (or a file of a folder source), on the HLS listener with its
/// auth and CORS: an HLS VOD playlist of the whole file (<c>#EXT-X-ENDLIST</c>) whose MPEG-TS segments are cut at key
/// frames and made on request, a static DASH manifest of the same cuts with fMP4 segments per track, and for MP4/MOV
/// files the file itself as progressive MP4 with HTTP byte ranges. They read the file, not the live stream: nobody
/// becomes a reader of the path and its source is not started.
/// </summary>
public sealed class VodServer : IHttpRequestHandler
{
    private readonly PathManager _paths;
    private readonly ConfState? _conf;
    private readonly ILogger _logger;
    private readonly FileVodIndexCache _indexes;

    public VodServer(PathManager paths, ILoggerFactory loggerFactory, FileVodIndexCache indexes, ConfState? conf = null)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _paths = paths;
        _indexes = indexes;
        _conf = conf;
        _logger = loggerFactory.CreateLogger("MediaBroker.Protocols.Vod.VodServer");
    }

    public string Listener => HttpListenerNames.Hls;

    public async ValueTask<bool> TryHandleAsync(HttpContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var req = ctx.Request;
        if (!VodRequest.TryParse((req.Path.Value ?? "").TrimStart('/'), out var vod)
            || PathConfMatcher.Find(_paths.Conf, vod.Path) is not { } match || !FileSourceUrl.IsFileUrl(match.Conf.Source))
        {
            return false; // not ours: another handler's or the HLS server's own URL
        }

        var remote = ctx.Connection.RemoteIpAddress?.ToString() ?? "";
        if (!HttpMethods.IsGet(req.Method) && !HttpMethods.IsHead(req.Method))
        {
            ctx.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            ctx.Response.Headers.Allow = "GET, HEAD, OPTIONS";
            return true;
        }

        var access = HttpAccess.Read(ctx, vod.Path, AuthProtocol.Hls);
        var auth = await _paths.AuthorizeReadAsync(access, ctx.RequestAborted).ConfigureAwait(false);
        if (!auth.IsOk)
        {
            var code = auth.Status is PathStatus.CredentialsRequired or PathStatus.Unauthorized ? StatusCodes.Status401Unauthorized : StatusCodes.Status404NotFound;
            if (code == StatusCodes.Status401Unauthorized)
            {
                ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"mediabroker\"";
            }

            if (auth.Status != PathStatus.CredentialsRequired)
            {
                VodLog.Refused(_logger, remote, vod.Path, auth.Message ?? "");
            }

            await TextAsync(ctx, code, auth.Message ?? "").ConfigureAwait(false);
            return true;
        }

        var file = ResolveFile(auth.Value!, vod.Path);
        if (file is null)
        {
            await TextAsync(ctx, StatusCodes.Status404NotFound, $"path '{vod.Path}' has no file to serve").ConfigureAwait(false);
            return true;
        }

        VodLog.Serving(_logger, remote, vod.Resource.ToString(), vod.Path, file);
        if (vod.Resource == VodResource.File)
        {
            await ServeFileAsync(ctx, remote, vod.Path, file).ConfigureAwait(false);
            return true;
        }

        FileVod vodFile;
        try
        {
            var segmentDuration = _conf?.Current.HlsSegmentDuration ?? TimeSpan.FromSeconds(1);
            vodFile = await Task.Run(() => FileVod.Open(file, segmentDuration, _indexes, ctx.RequestAborted), ctx.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            VodLog.Unplayable(_logger, remote, vod.Path, file, ex.Message);
            await TextAsync(ctx, StatusCodes.Status415UnsupportedMediaType, $"path '{vod.Path}': {ex.Message}").ConfigureAwait(false);
            return true;
        }

        using (vodFile)
        {
            if (vod.Resource is (VodResource.Segment or VodResource.DashSegment) && vod.Segment >= vodFile.Count)
            {
                await TextAsync(ctx, StatusCodes.Status404NotFound, $"path '{vod.Path}' has {vodFile.Count} segments").ConfigureAwait(false);
                return true;
            }

            try
            {
                await (vod.Resource switch
                {
                    VodResource.Playlist => PlaylistAsync(ctx, vodFile.Index),
                    VodResource.Segment => BodyAsync(ctx, "video/mp2t", vodFile.WriteSegment(vod.Segment)),
                    _ => DashAsync(ctx, remote, vod, file, vodFile),
                }).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException)
            {
                VodLog.Unplayable(_logger, remote, vod.Path, file, ex.Message);
                await TextAsync(ctx, StatusCodes.Status500InternalServerError, $"path '{vod.Path}': {ex.Message}").ConfigureAwait(false);
            }
        }

        return true;
    }

    /// <summary>The static DASH manifest, a track's init or a track's segment; 415 when a track does not fit fMP4.</summary>
    private async Task DashAsync(HttpContext ctx, string remote, VodRequest vod, string file, FileVod vodFile)
    {
        FileVodTracks tracks;
        try
        {
            tracks = vodFile.DescribeTracks();
        }
        catch (InvalidDataException ex)
        {
            VodLog.NoDash(_logger, remote, vod.Path, file, ex.Message);
            await TextAsync(ctx, StatusCodes.Status415UnsupportedMediaType, $"path '{vod.Path}' cannot be served as DASH: {ex.Message}").ConfigureAwait(false);
            return;
        }

        if (vod.Resource == VodResource.Manifest)
        {
            var duration = Math.Max(vodFile.Index.Duration, 0.001);
            var bandwidth = (long)Math.Ceiling(new FileInfo(file).Length * 8 / duration);
            var text = VodDashManifest.Render(vodFile.Index, tracks, ctx.Request.QueryString.Value ?? "", bandwidth);
            await BodyAsync(ctx, VodDashManifest.ContentType, Encoding.UTF8.GetBytes(text)).ConfigureAwait(false);
            return;
        }

        if (tracks.Tracks.FirstOrDefault(t => t.TrackId == vod.Track) is not { } track)
        {
            await TextAsync(ctx, StatusCodes.Status404NotFound, $"path '{vod.Path}' has no track {vod.Track}").ConfigureAwait(false);
            return;
        }

        await BodyAsync(ctx, "video/mp4", vod.Resource == VodResource.DashInit ? track.Init : vodFile.WriteTrackSegment(vod.Segment, track.TrackId)).ConfigureAwait(false);
    }

    /// <summary>The file of a file path, or of a folder path's file; null when the source names none.</summary>
    private static string? ResolveFile(PathConfMatch match, string pathName)
    {
        if (FileSourceUrl.TryParse(match.Conf.Source, out _) is not { } url)
        {
            return null;
        }

        return url.IsFolder ? url.FindFileInFolder(match.Conf.Name, pathName) : File.Exists(url.LocalPath) ? url.LocalPath : null;
    }

    private static async Task PlaylistAsync(HttpContext ctx, FileVodIndex index)
    {
        // Query credentials (?token=, ?user=&pass=) must reach the segments too.
        var query = ctx.Request.QueryString.Value ?? "";
        var longest = 0.0;
        var entries = new StringBuilder();
        for (var i = 0; i < index.Count; i++)
        {
            var d = index.SegmentDuration(i);
            longest = Math.Max(longest, d);
            entries.Append(CultureInfo.InvariantCulture, $"#EXTINF:{d:0.000},\nvod/{i}.ts{query}\n");
        }

        var text = new StringBuilder()
            .Append("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{(int)Math.Ceiling(longest)}\n#EXT-X-MEDIA-SEQUENCE:0\n")
            .Append(entries)
            .Append("#EXT-X-ENDLIST\n")
            .ToString();
        await BodyAsync(ctx, "application/vnd.apple.mpegurl", Encoding.UTF8.GetBytes(text)).ConfigureAwait(false);
    }

    /// <summary>The MP4 as it is on disk, with Range/If-Range and HEAD handled by ASP.NET Core's file result.</summary>
    private async Task ServeFileAsync(HttpContext ctx, string remote, string path, string file)
    {
        if (FileSourceUrl.ContainerOf(file) != FileContainer.Mp4)
        {
            var reason = $"{Path.GetFileName(file)} is not an MP4/MOV file: seek in it through vod.m3u8 or vod.mpd";
            VodLog.Unplayable(_logger, remote, path, file, reason);
            await TextAsync(ctx, StatusCodes.Status415UnsupportedMediaType, reason).ConfigureAwait(false);
            return;
        }

        ctx.Response.Headers.CacheControl = "no-cache";
        await Results.File(file, "video/mp4", enableRangeProcessing: true).ExecuteAsync(ctx).ConfigureAwait(false);
    }

    private static async Task BodyAsync(HttpContext ctx, string contentType, byte[] body)
    {
        var res = ctx.Response;
        res.StatusCode = StatusCodes.Status200OK;
        res.ContentType = contentType;
        res.Headers.CacheControl = "no-cache";
        res.ContentLength = body.Length;
        if (!HttpMethods.IsHead(ctx.Request.Method))
        {
            await res.Body.WriteAsync(body, ctx.RequestAborted).ConfigureAwait(false);
        }
    }

    private static Task TextAsync(HttpContext ctx, int status, string message)
    {
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        var body = Encoding.UTF8.GetBytes(message);
        var res = ctx.Response;
        res.StatusCode = status;
        res.Headers.CacheControl = "no-cache";
        res.ContentLength = body.Length;
        return HttpMethods.IsHead(ctx.Request.Method) ? Task.CompletedTask : res.Body.WriteAsync(body, ctx.RequestAborted).AsTask();
    }
}
