using System.Buffers;
using System.Globalization;
using System.Text;
using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Hooks;
using MediaBroker.Net.Http;
using Microsoft.AspNetCore.Http;

namespace MediaBroker.Protocols.Hls;

public sealed partial class HlsServer
{
    private async Task HandleAsync(HttpContext ctx)
    {
        if (ctx.RequestAborted.IsCancellationRequested)
        {
            // A request Kestrel still had buffered (HTTP/1.1 pipelining) when the viewer reset the connection: serving it
            // would stamp or reopen a viewer session for someone who has left, and the answer has nowhere to go.
            return;
        }

        var req = ctx.Request;
        var full = (req.Path.Value ?? "").TrimStart('/');
        var slash = full.LastIndexOf('/');
        var dir = slash < 0 ? "" : full[..slash];
        var file = full[(slash + 1)..];
        if (_handlers.Length != 0 && !IsOwnName(dir, file))
        {
            foreach (var handler in _handlers)
            {
                if (await handler.TryHandleAsync(ctx).ConfigureAwait(false))
                {
                    return;
                }
            }
        }

        if (!HttpMethods.IsGet(req.Method) && !HttpMethods.IsHead(req.Method))
        {
            ctx.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (file == HlsPlayerPage.ScriptName)
        {
            await WriteAsync(ctx, _script.Value, "text/javascript", "max-age=86400", null, null).ConfigureAwait(false);
            return;
        }

        if (file.Length != 0 && !IsMediaFile(file))
        {
            if (PathNames.Validate(full) is not null)
            {
                // No page for a name no path can have; and the Location below must never become "//host" or "/\host".
                ctx.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            // "/cam" → "/cam/" (the player page), as MediaMTX does, so the page's relative URLs resolve under the path.
            ctx.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            ctx.Response.Headers.Location = "/" + full + "/" + req.QueryString.Value;
            return;
        }

        if (dir.Length == 0 || PathNames.Validate(dir) is not null)
        {
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var (access, query, isCdn) = ReadAccess(ctx, dir);
        if (file.Length == 0)
        {
            await ServePageAsync(ctx, access, isCdn).ConfigureAwait(false);
            return;
        }

        if (_options.Variant == HlsVariant.MpegTs && IsDashName(file))
        {
            // Said before any reader or muxer is opened for it.
            await RefuseAsync(ctx, access, StatusCodes.Status404NotFound, DashNeedsFmp4).ConfigureAwait(false);
            return;
        }

        var session = await OpenSessionAsync(ctx, access, isCdn).ConfigureAwait(false);
        if (session is null)
        {
            return;
        }

        // The session remembers its muxer: a viewer's every request used to take the server-wide muxer lock, and on one
        // busy core a preempted holder made the others spin (seen as Lock.Enter and sched_yield in profiles).
        var muxer = session.Muxer is { Failure: null, IsClosed: false } known && known.Stream == session.Stream
            ? known
            : await GetMuxerAsync(dir, session.Stream!, access, ctx.RequestAborted).ConfigureAwait(false);
        session.Muxer = muxer;
        if (muxer.Failure is { } failure)
        {
            await RefuseAsync(ctx, access, failure.Status, failure.Message).ConfigureAwait(false);
            return;
        }

        muxer.Touch();
        var bytes = await ServeMediaAsync(ctx, muxer, file, query).ConfigureAwait(false);
        // Counted, not stamped: the session's quiet period runs from the viewer's last request (OpenSessionAsync), as
        // MediaMTX's does, never from the end of an answer that sat blocked on a viewer who stopped reading.
        session.AddBytes(bytes);
        muxer.Touch(bytes);
    }

    /// <summary>
    /// The names HLS (and DASH) serves under a path (and its script): other handlers on the listener never see them, so a stream
    /// output such as <c>/cam/x.mp4</c> can only take what is not an HLS file.
    /// </summary>
    private static bool IsOwnName(string dir, string file) =>
        file == HlsPlayerPage.ScriptName
        || (dir.Length != 0 && (file.Length == 0 || file is HlsPlaylist.MultivariantName or HlsPlaylist.MediaName or HlsPlaylist.InitName
            || TryParseId(file, "seg", ".ts", out _) || TryParseId(file, "seg", ".mp4", out _) || TryParseId(file, "part", ".mp4", out _)
            || IsDashName(file)));

    private static bool IsMediaFile(string file) =>
        file.EndsWith(".m3u8", StringComparison.Ordinal) || file.EndsWith(".mp4", StringComparison.Ordinal) || file.EndsWith(".ts", StringComparison.Ordinal)
        || file.EndsWith(".mpd", StringComparison.Ordinal) || file.EndsWith(".m4s", StringComparison.Ordinal);

    /// <summary>Credentials (Authorization header, else <c>?user=&amp;pass=</c>/<c>?token=</c>), the query to propagate, and whether this is the CDN.</summary>
    private (AccessRequest Access, string Query, bool IsCdn) ReadAccess(HttpContext ctx, string path)
    {
        var req = ctx.Request;
        var query = WithoutHlsParams(req.QueryString.Value);
        var authorization = req.Headers.Authorization.ToString();
        var isCdn = _options.CdnSecret.Length != 0 && authorization == "Bearer " + _options.CdnSecret;
        var access = HttpAccess.Read(ctx, path, AuthProtocol.Hls, query, withCredentials: !isCdn);
        return (access, query, isCdn);
    }

    /// <summary>The query without the LL-HLS directives, with its '?' ("" when nothing is left).</summary>
    internal static string WithoutHlsParams(string? query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return "";
        }

        if (query[0] == '?' && query.AsSpan(1).IndexOfAny(QuerySeparators) < 0 && !query.Contains("_HLS_", StringComparison.Ordinal))
        {
            // The common case (one parameter such as a token, not a directive): nothing to take out, nothing to allocate.
            return query;
        }

        var kept = query.TrimStart('?').Split('&').Where(p => p.Length != 0 && !p.StartsWith("_HLS_", StringComparison.Ordinal)).ToArray();
        return kept.Length == 0 ? "" : "?" + string.Join('&', kept);
    }

    private async Task ServePageAsync(HttpContext ctx, AccessRequest access, bool isCdn)
    {
        if (!isCdn)
        {
            // Auth as a reader; a path with nothing published yet still gets the page, which retries.
            var r = await _paths.DescribeAsync(access, ctx.RequestAborted).ConfigureAwait(false);
            if (r.Status is not (PathStatus.Ok or PathStatus.NoStream))
            {
                await RefuseAsync(ctx, access, HlsHttp.StatusOf(r.Status), r.Message ?? "").ConfigureAwait(false);
                return;
            }
        }

        await WriteAsync(ctx, Encoding.UTF8.GetBytes(HlsPlayerPage.Html), "text/html; charset=utf-8", HlsHttp.NoCache, null, null).ConfigureAwait(false);
    }

    /// <summary>Finds the viewer's session or opens one (auth + reader registration). Null when the request was refused.</summary>
    private async Task<HlsSession?> OpenSessionAsync(HttpContext ctx, AccessRequest access, bool isCdn)
    {
        var key = string.Join('\n', access.Path, access.RemoteIp, access.User, access.Password, access.Token, access.UserAgent, isCdn ? "cdn" : "");
        if (_sessions.TryGetValue(key, out var existing) && existing.Stream is { IsClosed: false })
        {
            existing.Touch();
            return existing;
        }

        if (existing is not null)
        {
            CloseSession(existing, "the stream ended");
        }

        var session = new HlsSession(key, access.Path, access, isCdn, (s, reason) => CloseSession(s, reason));
        if (isCdn)
        {
            // The CDN is trusted by its secret: no per-user auth. It can only read paths that are already live.
            var stream = _paths.Find(access.Path)?.Stream;
            if (stream is null)
            {
                await RefuseAsync(ctx, access, 404, $"no stream is available on path '{access.Path}'").ConfigureAwait(false);
                return null;
            }

            session.Stream = stream;
        }
        else
        {
            // The viewer session is the connection (MistServer's CONN_OPEN/CONN_CLOSE): HTTP/1.1 keep-alive connections come
            // and go under one player, while the session follows the player until it goes quiet.
            session.Connection = _viewers?.Open(session.Id, () => new ConnectionBytes(session.OutboundBytes, 0));
            // A new viewer may be sent to another node of the cluster; the request's file and query go along.
            PathResult<ReaderLease> r;
            try
            {
                r = await _paths.AddReaderAsync(access with { ConnectionId = session.Id, RedirectEndpoint = HttpListenerNames.Hls }, session, ctx.RequestAborted).ConfigureAwait(false);
            }
            catch
            {
                session.Connection?.Dispose();
                throw;
            }

            if (!r.IsOk)
            {
                session.Connection?.Dispose();
                if (r.Status == PathStatus.Redirect && r.RedirectTo is { } to)
                {
                    ctx.Response.StatusCode = StatusCodes.Status302Found;
                    ctx.Response.Headers.Location = "/" + to.TrimStart('/') + "/" + HlsPlaylist.MultivariantName;
                    return null;
                }

                if (r.Status == PathStatus.NodeRedirect && r.RedirectTo is { } node)
                {
                    ctx.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                    ctx.Response.Headers.Location = node + ctx.Request.PathBase + ctx.Request.Path + ctx.Request.QueryString;
                    return null;
                }

                await RefuseAsync(ctx, access, HlsHttp.StatusOf(r.Status), r.Message ?? "", r.Status == PathStatus.CredentialsRequired).ConfigureAwait(false);
                return null;
            }

            session.Lease = r.Value;
            session.Stream = r.Value!.Stream;
        }

        if (!_sessions.TryAdd(key, session))
        {
            // Two first requests raced: keep the session that won.
            session.Lease?.Dispose();
            session.Connection?.Dispose();
            return _sessions.TryGetValue(key, out var winner) ? winner : null;
        }

        HlsLog.SessionOpened(_logger, session.Id, session.RemoteAddr, session.Path);
        return session;
    }

    private async Task<HlsMuxer> GetMuxerAsync(string path, MediaStream stream, AccessRequest access, CancellationToken ct)
    {
        Task<HlsMuxer> task;
        HlsMuxer? stale = null;
        lock (_gate)
        {
            if (_muxers.TryGetValue(path, out var existing) && existing.IsCompleted)
            {
                var m = existing.IsCompletedSuccessfully ? existing.Result : null;
                if (m is null || m.Failure is not null || m.IsClosed || m.Stream != stream)
                {
                    _muxers.Remove(path);
                    stale = m;
                    existing = null;
                }
            }

            if (existing is null)
            {
                var muxer = new HlsMuxer(path, _options, _logger, OnMuxerClosed);
                existing = muxer.StartAsync(_paths, access, _stopping?.Token ?? CancellationToken.None);
                _muxers[path] = existing;
            }

            task = existing;
        }

        stale?.Close("the stream changed");
        var result = await task.WaitAsync(ct).ConfigureAwait(false);
        if (result.Failure is not null)
        {
            lock (_gate)
            {
                if (_muxers.TryGetValue(path, out var t) && t == task)
                {
                    _muxers.Remove(path);
                }
            }
        }

        return result;
    }

    private async Task RefuseAsync(HttpContext ctx, AccessRequest access, int status, string message, bool quiet = false)
    {
        if (status == StatusCodes.Status401Unauthorized)
        {
            ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"mediabroker\"";
        }

        // Asking for credentials is the normal first step of a client: not worth a log line.
        if (!quiet)
        {
            HlsLog.RequestRefused(_logger, access.RemoteIp.ToString(), access.Path, status, message);
        }

        await WriteAsync(ctx, Encoding.UTF8.GetBytes(message), "text/plain; charset=utf-8", HlsHttp.NoCache, null, null, status).ConfigureAwait(false);
    }

    private static readonly SearchValues<char> QuerySeparators = SearchValues.Create("&?");

    private static bool TryParseId(string file, string prefix, string suffix, out long id)
    {
        id = 0;
        return file.StartsWith(prefix, StringComparison.Ordinal) && file.EndsWith(suffix, StringComparison.Ordinal)
            && long.TryParse(file.AsSpan(prefix.Length, file.Length - prefix.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}
