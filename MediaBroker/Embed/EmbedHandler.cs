using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MediaBroker.Auth;
using MediaBroker.Core;
using MediaBroker.Media;
using MediaBroker.Net.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Embed;

/// <summary>
/// The stream info (<c>/json_&lt;path&gt;.js</c>, <c>/info_&lt;path&gt;.js</c>, and their WebSocket updates) and the
/// embeddable player (<c>/&lt;path&gt;.html</c>, <c>/player.js</c>) on one HTTP listener (HLS or WebRTC). Asks for read
/// access as that listener's readers do (same protocol name, credentials from the Authorization header, else
/// <c>?user=&amp;pass=</c> or <c>?token=</c>). Sources come from every protocol's <see cref="IReadUrlSource"/>.
/// </summary>
public sealed partial class EmbedHandler : IHttpRequestHandler
{
    private const string NoCache = "no-cache";

    private readonly PathManager _paths;
    private readonly IReadUrlSource[] _sources;
    private readonly EmbedAssets _assets;
    private readonly string _authProtocol;
    private readonly ILogger _logger;

    /// <param name="listener">The listener served (<see cref="HttpListenerNames"/>).</param>
    /// <param name="authProtocol">The protocol name auth is asked with (<see cref="AuthProtocol"/>): that listener's readers'.</param>
    public EmbedHandler(string listener, string authProtocol, PathManager paths, IEnumerable<IReadUrlSource> sources, EmbedAssets assets,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Listener = listener;
        _authProtocol = authProtocol;
        _paths = paths;
        _sources = [.. sources];
        _assets = assets;
        _logger = loggerFactory.CreateLogger("MediaBroker.Embed.EmbedHandler");
    }

    public string Listener { get; }

    /// <summary>How often a followed path is looked at for a change of state or tracks.</summary>
    public TimeSpan FollowInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public async ValueTask<bool> TryHandleAsync(HttpContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var route = EmbedRoute.Parse(ctx.Request.Path.Value);
        if (route.Kind == EmbedRouteKind.None || (route.Kind == EmbedRouteKind.HlsScript && Listener == HttpListenerNames.Hls))
        {
            // The HLS listener serves hls.min.js itself.
            return false;
        }

        var method = ctx.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            ctx.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            ctx.Response.Headers.Allow = "GET, HEAD";
            return true;
        }

        switch (route.Kind)
        {
            case EmbedRouteKind.Player:
                await WriteAsync(ctx, _assets.PlayerScript, "text/javascript; charset=utf-8", "max-age=300").ConfigureAwait(false);
                return true;
            case EmbedRouteKind.HlsScript:
                await WriteAsync(ctx, _assets.HlsScript, "text/javascript; charset=utf-8", "max-age=86400").ConfigureAwait(false);
                return true;
            case EmbedRouteKind.Page:
                await ServePageAsync(ctx, route.StreamPath).ConfigureAwait(false);
                return true;
            case EmbedRouteKind.EmbedScript:
                // The player it loads asks for the info with the same credentials; this script itself gives nothing away.
                await WriteAsync(ctx, Encoding.UTF8.GetBytes(EmbedAssets.EmbedScript(route.StreamPath, ctx.Request.QueryString.Value ?? "")),
                    "text/javascript; charset=utf-8", NoCache).ConfigureAwait(false);
                return true;
            default:
                await ServeInfoAsync(ctx, route).ConfigureAwait(false);
                return true;
        }
    }

    /// <summary>
    /// The info of <paramref name="path"/> as it is now: live with its tracks and sources, or offline. Without
    /// <paramref name="measured"/> the fields that move on their own (rates, times) are left out.
    /// </summary>
    public JsonObject InfoOf(string path, MediaStream? stream, ReadUrlRequest request, bool measured = true)
    {
        if (stream is null || stream.IsClosed)
        {
            return StreamInfo.Error(StreamInfo.OfflineError);
        }

        var urls = new List<ReadUrl>();
        foreach (var s in _sources)
        {
            s.AddReadUrls(path, request, urls);
        }

        if (!measured)
        {
            return StreamInfo.Live(stream.Tracks, null, null, urls);
        }

        var readings = new TrackMeterReading?[stream.Meters.Length];
        for (var i = 0; i < readings.Length; i++)
        {
            readings[i] = stream.Meters[i].Read();
        }

        // Unit times are on the path clock, which started Now ago.
        var unixOffset = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (long)stream.Clock.Now.TotalMilliseconds;
        return StreamInfo.Live(stream.Tracks, readings, unixOffset, urls);
    }

    private async Task ServePageAsync(HttpContext ctx, string path)
    {
        // Auth as a reader; a path with nothing published yet still gets the page, which shows "offline" and waits.
        var access = HttpAccess.Read(ctx, path, _authProtocol);
        var r = await _paths.DescribeAsync(access, ctx.RequestAborted).ConfigureAwait(false);
        if (r.Status is not (PathStatus.Ok or PathStatus.NoStream))
        {
            await RefuseAsync(ctx, access, r, "", ".html").ConfigureAwait(false);
            return;
        }

        var page = _assets.Page(path, ctx.Request.QueryString.Value ?? "");
        await WriteAsync(ctx, Encoding.UTF8.GetBytes(page), "text/html; charset=utf-8", NoCache).ConfigureAwait(false);
    }

    private async Task ServeInfoAsync(HttpContext ctx, EmbedRoute route)
    {
        var path = route.StreamPath;
        var access = HttpAccess.Read(ctx, path, _authProtocol);
        var r = await _paths.DescribeAsync(access, ctx.RequestAborted).ConfigureAwait(false);
        if (r.Status is not (PathStatus.Ok or PathStatus.NoStream))
        {
            await RefuseAsync(ctx, access, r, route.Kind == EmbedRouteKind.Json ? "json_" : "info_", ".js").ConfigureAwait(false);
            return;
        }

        var request = UrlRequest(ctx);
        if (ctx.WebSockets.IsWebSocketRequest)
        {
            await FollowAsync(ctx, path, request).ConfigureAwait(false);
            return;
        }

        var info = InfoOf(path, r.Value, request);
        var (body, type) = route.Kind == EmbedRouteKind.Json
            ? (info.ToJsonString(), "application/json")
            : (StreamInfo.Script(path, info), "application/javascript; charset=utf-8");
        await WriteAsync(ctx, Encoding.UTF8.GetBytes(body), type, NoCache).ConfigureAwait(false);
    }

    /// <summary>How the client reached this listener: its URLs name the same host (proxies' X-Forwarded-Host already applied).</summary>
    private ReadUrlRequest UrlRequest(HttpContext ctx)
    {
        var req = ctx.Request;
        var authority = req.Host.HasValue ? req.Host.Value! : (ctx.Connection.LocalIpAddress ?? IPAddress.Loopback).ToString();
        var host = req.Host.HasValue ? req.Host.Host : authority;
        if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('['))
        {
            host = "[" + host + "]";
        }

        return new ReadUrlRequest { Host = host, Listener = Listener, Scheme = req.Scheme, Authority = authority };
    }

    private async Task RefuseAsync(HttpContext ctx, AccessRequest access, PathResult<MediaStream> r, string prefix, string suffix)
    {
        if (r.Status == PathStatus.Redirect && r.RedirectTo is { } to)
        {
            ctx.Response.StatusCode = StatusCodes.Status302Found;
            ctx.Response.Headers.Location = "/" + prefix + to.TrimStart('/') + suffix + ctx.Request.QueryString.Value;
            return;
        }

        var status = r.Status switch
        {
            PathStatus.CredentialsRequired or PathStatus.Unauthorized => StatusCodes.Status401Unauthorized,
            PathStatus.TooManyReaders => StatusCodes.Status503ServiceUnavailable,
            PathStatus.InvalidName => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status404NotFound,
        };
        if (status == StatusCodes.Status401Unauthorized)
        {
            ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"mediabroker\"";
        }

        var message = r.Message ?? "refused";
        if (r.Status != PathStatus.CredentialsRequired)
        {
            // Asking for credentials is a client's normal first step: not worth a log line.
            EmbedLog.Refused(_logger, access.RemoteIp.ToString(), access.Path, status, message);
        }

        ctx.Response.StatusCode = status;
        var body = Encoding.UTF8.GetBytes(StreamInfo.Error(message).ToJsonString());
        await WriteAsync(ctx, body, "application/json", NoCache).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext ctx, byte[] body, string contentType, string cacheControl)
    {
        var res = ctx.Response;
        res.ContentType = contentType;
        res.Headers.CacheControl = cacheControl;
        res.ContentLength = body.Length;
        if (!HttpMethods.IsHead(ctx.Request.Method))
        {
            await res.Body.WriteAsync(body, ctx.RequestAborted).ConfigureAwait(false);
        }
    }
}
