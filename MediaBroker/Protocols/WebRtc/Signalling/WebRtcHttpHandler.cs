using System.Net;
using System.Text;
using System.Text.Json;
using MediaBroker.Auth;
using MediaBroker.Conf;
using MediaBroker.Core;
using MediaBroker.Hooks;
using MediaBroker.Net;
using MediaBroker.Net.Http;
using MediaBroker.Protocols.WebRtc.Sessions;
using Microsoft.AspNetCore.Http;

namespace MediaBroker.Protocols.WebRtc.Signalling;

/// <summary>
/// WHIP (RFC 9725) and WHEP signalling plus the two pages, as one terminal request handler mapped on the shared
/// HTTP host (<c>app.Run(handler.HandleAsync)</c>). The host has already answered CORS preflights, set the CORS
/// headers from webrtcAllowOrigins, and replaced the client address with the X-Forwarded-For one when the peer is in
/// webrtcTrustedProxies; this handler neither repeats nor second-guesses that.
/// </summary>
internal sealed partial class WebRtcHttpHandler
{
    /// <summary>Methods announced in CORS preflights and OPTIONS answers.</summary>
    public const string AllowMethods = "OPTIONS, GET, POST, PATCH, DELETE";

    /// <summary>Request headers announced in CORS preflights and OPTIONS answers.</summary>
    public const string AllowHeaders = "Authorization, Content-Type, If-Match";

    /// <summary>The WHIP/WHEP answer headers a browser script must read (RFC 9725 §4.2: ETag, Location, Link...).</summary>
    public const string ExposeHeaders = "ETag, ID, Accept-Patch, Link, Location";

    private const int MaxOfferBytes = 64 * 1024;

    private readonly PathManager _paths;
    private readonly WebRtcSessionContext _context;
    private readonly Func<CancellationToken, ValueTask<IReadOnlyList<string>>> _candidates;
    private readonly WebRtcPages _pages = new();

    public WebRtcHttpHandler(PathManager paths, WebRtcSessionContext context, Func<CancellationToken, ValueTask<IReadOnlyList<string>>> candidates)
    {
        _paths = paths;
        _context = context;
        _candidates = candidates;
    }

    private WebRtcServerOptions Options => _context.Options;

    public async Task HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        var response = http.Response;
        var route = WebRtcRoute.Parse(request.Path.Value ?? "/");
        var method = request.Method;
        // A name no path can have (encoded dots, backslashes, NUL...) gets neither a page nor a session.
        if (route.Kind == WebRtcRouteKind.None || request.Path.Value?.EndsWith("/favicon.ico", StringComparison.Ordinal) == true
            || PathNames.Validate(route.StreamPath) is not null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (HttpMethods.IsOptions(method))
        {
            // A plain OPTIONS (CORS preflights never get here): WHIP/WHEP clients ask for the ICE servers this way.
            AnswerOptions(http, route);
            return;
        }

        switch (route.Kind)
        {
            case WebRtcRouteKind.ReaderPage or WebRtcRouteKind.PublisherPage when HttpMethods.IsGet(method) || HttpMethods.IsHead(method):
                await _pages.WriteAsync(http, route.Kind == WebRtcRouteKind.PublisherPage ? "publish.html" : "read.html").ConfigureAwait(false);
                return;
            case WebRtcRouteKind.Whip or WebRtcRouteKind.Whep when HttpMethods.IsPost(method):
                await CreateSessionAsync(http, route).ConfigureAwait(false);
                return;
            case WebRtcRouteKind.WhipSession or WebRtcRouteKind.WhepSession when HttpMethods.IsPatch(method):
                Patch(http, route);
                return;
            case WebRtcRouteKind.WhipSession or WebRtcRouteKind.WhepSession when HttpMethods.IsDelete(method):
                Delete(http, route);
                return;
            default:
                response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                response.Headers.Allow = route.Kind switch
                {
                    WebRtcRouteKind.Whip or WebRtcRouteKind.Whep => "OPTIONS, POST",
                    WebRtcRouteKind.WhipSession or WebRtcRouteKind.WhepSession => "OPTIONS, PATCH, DELETE",
                    _ => "OPTIONS, GET, HEAD",
                };
                return;
        }
    }

    private async Task CreateSessionAsync(HttpContext http, WebRtcRoute route)
    {
        var request = http.Request;
        var publish = route.Kind == WebRtcRouteKind.Whip;
        if (request.ContentType is not { } type || !type.StartsWith("application/sdp", StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(http, StatusCodes.Status400BadRequest, "invalid Content-Type, expected application/sdp").ConfigureAwait(false);
            return;
        }

        // Authorized before the offer is read or parsed, as in MediaMTX (the path manager's AddPublisher/AddReader come
        // first there): a client without valid credentials learns nothing about its offer, not even that it was malformed.
        var access = BuildAccess(http, route.StreamPath);
        if (!publish)
        {
            // A WHEP reader may be sent to another node of the cluster (307 keeps the POST and its offer).
            access = access with { RedirectEndpoint = HttpListenerNames.WebRtc };
        }

        // The session is the connection (MistServer): it opens before the path request, so that CONN_OPEN can refuse it,
        // and closes with the session, or at the end of this request when no session comes of it.
        var connId = Guid.NewGuid();
        WebRtcSession? opened = null;
        using var connection = _context.Registry.Open(connId, () => opened is { } s ? new ConnectionBytes(s.OutboundBytes, s.InboundBytes) : default);
        access = access with { ConnectionId = connId };

        var grant = await _paths.AuthorizeAsync(access, publish ? PathAction.Publish : PathAction.Read, http.RequestAborted).ConfigureAwait(false);
        if (!grant.IsOk)
        {
            await FailAsync(http, grant.Status, grant.Message ?? grant.Status.ToString()).ConfigureAwait(false);
            return;
        }

        var body = await ReadBodyAsync(request, http.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await ErrorAsync(http, StatusCodes.Status413PayloadTooLarge, "offer too large").ConfigureAwait(false);
            return;
        }

        WebRtcOffer offer;
        try
        {
            offer = WebRtcOffer.Parse(body);
        }
        catch (WebRtcNegotiationException ex)
        {
            await ErrorAsync(http, StatusCodes.Status400BadRequest, ex.Message).ConfigureAwait(false);
            return;
        }

        var granted = grant.Value!;
        access = granted.Access;
        var remote = new IPEndPoint(access.RemoteIp, http.Connection.RemotePort);
        WebRtcSession session = publish
            ? new WebRtcPublishSession(_context, offer, access, remote)
            : new WebRtcReadSession(_context, offer, access, remote);
        opened = session;
        string answer;
        try
        {
            var candidates = await _candidates(http.RequestAborted).ConfigureAwait(false);
            var created = publish
                ? await PreparePublishAsync((WebRtcPublishSession)session, offer, granted, candidates, http.RequestAborted).ConfigureAwait(false)
                : await PrepareReadAsync((WebRtcReadSession)session, offer, granted, candidates, http.RequestAborted).ConfigureAwait(false);
            if (created.Error is { } error)
            {
                session.Abandon();
                if (error.Status == PathStatus.NodeRedirect && created.RedirectTo is { } node)
                {
                    http.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                    http.Response.Headers.Location = node + http.Request.Path + http.Request.QueryString;
                    return;
                }

                await FailAsync(http, error.Status, error.Message).ConfigureAwait(false);
                return;
            }

            answer = created.Answer!;
        }
        catch (WebRtcNegotiationException ex)
        {
            session.Abandon();
            await ErrorAsync(http, StatusCodes.Status400BadRequest, ex.Message).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException)
        {
            session.Abandon();
            return;
        }

        session.Start();
        var response = http.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.ContentType = "application/sdp";
        response.Headers.ETag = "\"*\"";
        response.Headers["ID"] = session.Id.ToString();
        response.Headers["Accept-Patch"] = "application/trickle-ice-sdpfrag";
        response.Headers.Location = "/" + route.StreamPath + (publish ? "/whip/" : "/whep/") + session.Secret;
        AddIceServerLinks(response);
        await response.WriteAsync(answer, http.RequestAborted).ConfigureAwait(false);
    }

    private void Patch(HttpContext http, WebRtcRoute route)
    {
        if (Find(route) is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        // We are ICE-lite: the peer checks our host candidates, so its trickled candidates are not needed.
        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private void Delete(HttpContext http, WebRtcRoute route)
    {
        if (Find(route) is not { } session)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        session.Kick("deleted by the client");
        http.Response.StatusCode = StatusCodes.Status200OK;
    }

    private WebRtcSession? Find(WebRtcRoute route)
    {
        var session = _context.Registry.FindBySecret(route.Secret!);
        var wantPublish = route.Kind == WebRtcRouteKind.WhipSession;
        return session is not null && session.Path == route.StreamPath && (session is WebRtcPublishSession) == wantPublish ? session : null;
    }

    private void AnswerOptions(HttpContext http, WebRtcRoute route)
    {
        var response = http.Response;
        response.Headers.AccessControlAllowMethods = AllowMethods;
        response.Headers.AccessControlAllowHeaders = AllowHeaders;
        if (route.Kind is WebRtcRouteKind.Whip or WebRtcRouteKind.Whep)
        {
            AddIceServerLinks(response);
        }

        response.StatusCode = StatusCodes.Status204NoContent;
    }

    private void AddIceServerLinks(HttpResponse response)
    {
        var links = IceServerLinks.Build([.. Options.IceServers], DateTimeOffset.UtcNow);
        if (links.Count > 0)
        {
            response.Headers.Link = links.ToArray();
        }
    }

    private AccessRequest BuildAccess(HttpContext http, string path)
    {
        var request = http.Request;
        var query = request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty;
        HttpCredentials.TryParse(request.Headers.Authorization.ToString(), out var user, out var pass, out var token);
        if (user.Length == 0 && pass.Length == 0 && token.Length == 0)
        {
            QueryCredentials.TryParse(query, out user, out pass, out token);
        }

        return new AccessRequest
        {
            Path = path,
            Query = query,
            User = user.Length > 0 ? user : null,
            Password = pass.Length > 0 ? pass : null,
            Token = token.Length > 0 ? token : null,
            RemoteIp = ClientIp(http),
            Protocol = AuthProtocol.WebRtc,
            UserAgent = request.Headers.UserAgent.ToString(),
        };
    }

    /// <summary>The client's address: the TCP peer, or the one a trusted proxy named (resolved by the host).</summary>
    private static IPAddress ClientIp(HttpContext http) =>
        IpNetwork.Normalize(http.Connection.RemoteIpAddress ?? IPAddress.None);

    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxOfferBytes)
        {
            return null;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[MaxOfferBytes + 1];
        var total = 0;
        int n;
        while ((n = await reader.ReadAsync(buffer.AsMemory(total), ct).ConfigureAwait(false)) > 0)
        {
            total += n;
            if (total > MaxOfferBytes)
            {
                return null;
            }
        }

        return new string(buffer, 0, total);
    }

    private Task FailAsync(HttpContext http, PathStatus status, string message)
    {
        var code = status switch
        {
            PathStatus.CredentialsRequired or PathStatus.Unauthorized => StatusCodes.Status401Unauthorized,
            PathStatus.NoStream or PathStatus.NotConfigured => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status400BadRequest,
        };
        if (code == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"mediabroker\"";
        }

        return ErrorAsync(http, code, message, logged: status != PathStatus.CredentialsRequired);
    }

    private Task ErrorAsync(HttpContext http, int code, string message, bool logged = true)
    {
        if (logged)
        {
            WebRtcLog.RequestRejected(_context.Logger, http.Request.Method, http.Request.Path.Value ?? "/", code, message);
        }

        http.Response.StatusCode = code;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new ErrorBody("error", message), WebRtcJsonContext.Default.ErrorBody), http.RequestAborted);
    }

    internal sealed record ErrorBody(string Status, string Error);
}
