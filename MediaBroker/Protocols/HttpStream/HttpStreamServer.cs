using System.Collections.Concurrent;
using System.Text;
using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Hooks;
using MediaBroker.Net.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.HttpStream;

/// <summary>
/// Plain-HTTP live outputs on the HLS listener: <c>/&lt;path&gt;.flv</c> (HTTP-FLV), <c>.ts</c> (MPEG-TS), <c>.mp4</c>
/// (fragmented MP4), <c>.aac</c> (ADTS) and <c>.mp3</c>. Each response is one reader of the path, fed from the stream's
/// shared encoder through its own bounded queue; it ends when the stream ends, the client goes away or it is kicked.
/// Auth, CORS and trusted proxies are the listener's (read action, protocol <c>hls</c>).
/// </summary>
public sealed partial class HttpStreamServer : IHttpRequestHandler
{
    private readonly PathManager _paths;
    private readonly ConfState? _conf;
    private readonly ILogger _logger;
    private readonly IViewerConnections? _viewers;
    private readonly ConcurrentDictionary<Guid, HttpStreamSession> _sessions = new();

    /// <param name="viewers">Told about each response as one connection (the triggers' CONN_OPEN/CONN_CLOSE/USER_END).</param>
    public HttpStreamServer(PathManager paths, ILoggerFactory loggerFactory, ConfState? conf = null, IViewerConnections? viewers = null)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _paths = paths;
        _conf = conf;
        _viewers = viewers;
        _logger = loggerFactory.CreateLogger("MediaBroker.Protocols.HttpStream.HttpStreamServer");
    }

    public string Listener => HttpListenerNames.Hls;

    /// <summary>The outputs are served while the HLS listener is on.</summary>
    public bool IsEnabled => _conf?.Current.Hls ?? true;

    /// <summary>Current readers (API <c>/v3/httpstreamsessions/list</c>, metrics).</summary>
    public IReadOnlyList<HttpStreamSessionInfo> Sessions => [.. _sessions.Values.OrderBy(s => s.Created).Select(s => s.Info)];

    /// <summary>Ends a reader's response (API kick). False when no reader has that id.</summary>
    public bool Kick(Guid id)
    {
        if (!_sessions.TryGetValue(id, out var s))
        {
            return false;
        }

        s.Kick("kicked");
        return true;
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var req = ctx.Request;
        if (!HttpStreamFormats.TryParse((req.Path.Value ?? "").TrimStart('/'), out var path, out var format))
        {
            return false;
        }

        if (HttpMethods.IsOptions(req.Method))
        {
            // A preflight never gets here (the listener answers it); a plain OPTIONS learns what it may do.
            ctx.Response.StatusCode = StatusCodes.Status204NoContent;
            ctx.Response.Headers.Allow = "GET, HEAD, OPTIONS";
            return true;
        }

        if (!HttpMethods.IsGet(req.Method) && !HttpMethods.IsHead(req.Method))
        {
            ctx.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            ctx.Response.Headers.Allow = "GET, HEAD, OPTIONS";
            return true;
        }

        var access = HttpAccess.Read(ctx, path, AuthProtocol.Hls);
        if (HttpMethods.IsHead(req.Method))
        {
            await HeadAsync(ctx, access, format).ConfigureAwait(false);
        }
        else
        {
            await ReadAsync(ctx, access, format).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>What GET would answer, without the body and without becoming a reader.</summary>
    private async Task HeadAsync(HttpContext ctx, AccessRequest access, HttpStreamFormat format)
    {
        var r = await _paths.DescribeAsync(access, ctx.RequestAborted).ConfigureAwait(false);
        if (!r.IsOk)
        {
            await RefuseAsync(ctx, access, format, r.Status, r.Message ?? "", r.RedirectTo).ConfigureAwait(false);
            return;
        }

        if (HttpStreamTracks.Carried(format, r.Value!.Tracks).Count == 0)
        {
            await UnsupportedAsync(ctx, access, format).ConfigureAwait(false);
            return;
        }

        StartHeaders(ctx, format);
    }

    private async Task ReadAsync(HttpContext ctx, AccessRequest access, HttpStreamFormat format)
    {
        using var session = new HttpStreamSession(access, format);
        // A response is one connection (MistServer): it opens before the path request and closes with the response.
        using var connection = _viewers?.Open(session.Id, () => new ConnectionBytes(session.OutboundBytes, 0));
        var r = await _paths.AddReaderAsync(access with { ConnectionId = session.Id, RedirectEndpoint = HttpListenerNames.Hls }, session, ctx.RequestAborted).ConfigureAwait(false);
        if (!r.IsOk)
        {
            await RefuseAsync(ctx, access, format, r.Status, r.Message ?? "", r.RedirectTo).ConfigureAwait(false);
            return;
        }

        using var lease = r.Value!;
        var tracks = HttpStreamTracks.Carried(format, lease.Stream.Tracks);
        if (tracks.Count == 0)
        {
            await UnsupportedAsync(ctx, access, format).ConfigureAwait(false);
            return;
        }

        _sessions[session.Id] = session;
        HttpStreamLog.Reading(_logger, session.Id, session.RemoteAddr, session.Path, HttpStreamFormats.Name(format), HttpStreamTracks.Describe(tracks));
        string reason;
        try
        {
            reason = await ServeAsync(ctx, session, lease.Stream, ReaderBatch.Of(lease.Path.Conf)).ConfigureAwait(false);
        }
        finally
        {
            _sessions.TryRemove(session.Id, out _);
        }

        HttpStreamLog.Closed(_logger, session.Id, reason);
    }

    private static void StartHeaders(HttpContext ctx, HttpStreamFormat format)
    {
        var res = ctx.Response;
        res.StatusCode = StatusCodes.Status200OK;
        res.ContentType = HttpStreamFormats.ContentType(format);
        res.Headers.CacheControl = "no-cache";
    }

    private Task UnsupportedAsync(HttpContext ctx, AccessRequest access, HttpStreamFormat format) =>
        RefuseAsync(ctx, access, StatusCodes.Status415UnsupportedMediaType,
            $"the stream on path '{access.Path}' has no track {HttpStreamFormats.Extension(format)} can carry (needs {HttpStreamTracks.Supported(format)})");

    private Task RefuseAsync(HttpContext ctx, AccessRequest access, HttpStreamFormat format, PathStatus status, string message, string? redirectTo)
    {
        if (status == PathStatus.Redirect && redirectTo is not null)
        {
            ctx.Response.StatusCode = StatusCodes.Status302Found;
            ctx.Response.Headers.Location = "/" + redirectTo.TrimStart('/') + HttpStreamFormats.Extension(format) + ctx.Request.QueryString.Value;
            return Task.CompletedTask;
        }

        if (status == PathStatus.NodeRedirect && redirectTo is not null)
        {
            // Another node of the cluster serves this reader: same listener kind (the HLS one), same path and query.
            ctx.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            ctx.Response.Headers.Location = redirectTo + ctx.Request.PathBase + ctx.Request.Path + ctx.Request.QueryString;
            return Task.CompletedTask;
        }

        var code = status switch
        {
            PathStatus.CredentialsRequired or PathStatus.Unauthorized => StatusCodes.Status401Unauthorized,
            PathStatus.TooManyReaders => StatusCodes.Status503ServiceUnavailable,
            PathStatus.InvalidName => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status404NotFound,
        };
        return RefuseAsync(ctx, access, code, message, quiet: status == PathStatus.CredentialsRequired);
    }

    private async Task RefuseAsync(HttpContext ctx, AccessRequest access, int status, string message, bool quiet = false)
    {
        if (status == StatusCodes.Status401Unauthorized)
        {
            ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"mediabroker\"";
        }

        // Asking for credentials is a client's normal first step: not worth a log line.
        if (!quiet)
        {
            HttpStreamLog.Refused(_logger, access.RemoteIp.ToString(), access.Path, status, message);
        }

        var body = Encoding.UTF8.GetBytes(message);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        ctx.Response.Headers.CacheControl = "no-cache";
        ctx.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(ctx.Request.Method))
        {
            await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted).ConfigureAwait(false);
        }
    }
}
