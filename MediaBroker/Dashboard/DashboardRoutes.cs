using System.Net;
using MediaBroker.Api;
using MediaBroker.Auth;
using MediaBroker.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Dashboard;

/// <summary>
/// The web dashboard on the API listener: <c>/</c> → <c>/ui/</c>, the static pages, <c>/ui/api/stats</c>,
/// <c>/ui/api/sessions</c>, the <c>/ui/api/logs</c> WebSocket and the sign-in form. Everything but the form asks
/// for the <c>api</c> action, as the v3 routes do (Basic, a token, or the form's session cookie); the pages
/// themselves call the v3 routes for paths, configuration, recordings, forwards, pushes and kicks.
/// </summary>
internal sealed class DashboardRoutes(AuthService auth, AdminSessions sessions, DashboardStats stats, LogFeed? logs, ILogger logger)
    : IApiRouteExtension
{
    private readonly DashboardAssets _assets = new();

    public void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        // The API host is a WebApplication; the WebSocket middleware must wrap the endpoints to upgrade /ui/api/logs.
        if (endpoints is IApplicationBuilder app)
        {
            app.UseWebSockets();
        }

        endpoints.MapGet("/", ctx => GuardPageAsync(ctx, c => Redirect(c, "/ui/")));
        // Routing ignores a trailing slash: /ui and /ui/ are one route; relative links need the slash.
        endpoints.MapGet("/ui", ctx => GuardPageAsync(ctx, c => c.Request.Path.Value!.EndsWith('/') ? ServeAsync(c, "index.html") : Redirect(c, "/ui/")));
        endpoints.MapGet("/ui/login", LoginPageAsync);
        endpoints.MapPost("/ui/login", SignInAsync);
        endpoints.MapPost("/ui/logout", ctx => GuardAsync(ctx, SignOutAsync));
        endpoints.MapGet("/ui/api/stats", ctx => GuardAsync(ctx, c => ApiResults.JsonAsync(c, stats.Build())));
        endpoints.MapGet("/ui/api/sessions", ctx => GuardAsync(ctx, c => ApiResults.JsonAsync(c, stats.Sessions())));
        endpoints.MapGet("/ui/api/logs", ctx => GuardAsync(ctx, LogsAsync));
        endpoints.MapGet("/ui/{file}", ctx => GuardAsync(ctx, c => ServeAsync(c, c.Request.RouteValues["file"]?.ToString() ?? "")));
        endpoints.MapMethods("/ui/{**rest}", ["GET", "POST", "PUT", "PATCH", "DELETE"],
            ctx => GuardAsync(ctx, c => ApiResults.ErrorAsync(c, StatusCodes.Status404NotFound, "not found")));
    }

    public void OnListening(IPEndPoint bound, bool encryption)
    {
        ArgumentNullException.ThrowIfNull(bound);
        var host = bound.Address.Equals(IPAddress.Any) || bound.Address.Equals(IPAddress.IPv6Any) ? "localhost"
            : bound.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{bound.Address}]" : bound.Address.ToString();
        DashboardLog.Available(logger, $"{(encryption ? "https" : "http")}://{host}:{bound.Port}/ui/");
    }

    /// <summary>Pages: a browser without credentials is sent to the sign-in form.</summary>
    private async Task GuardPageAsync(HttpContext ctx, RequestDelegate handler)
    {
        var outcome = await AdminAuth.EvaluateAsync(ctx, auth, AuthAction.Api, sessions).ConfigureAwait(false);
        if (outcome == AdminAuthOutcome.Allowed)
        {
            await handler(ctx).ConfigureAwait(false);
            return;
        }

        await Redirect(ctx, "/ui/login").ConfigureAwait(false);
    }

    /// <summary>Assets, data and the socket: 401 without a Basic challenge, so that the page's own form is used.</summary>
    private async Task GuardAsync(HttpContext ctx, RequestDelegate handler)
    {
        var outcome = await AdminAuth.EvaluateAsync(ctx, auth, AuthAction.Api, sessions).ConfigureAwait(false);
        switch (outcome)
        {
            case AdminAuthOutcome.Allowed:
                await handler(ctx).ConfigureAwait(false);
                return;
            case AdminAuthOutcome.CsrfHeaderMissing:
                await ApiResults.ErrorAsync(ctx, StatusCodes.Status403Forbidden, $"missing {AdminSessions.CsrfHeader} header").ConfigureAwait(false);
                return;
            default:
                await ApiResults.ErrorAsync(ctx, StatusCodes.Status401Unauthorized, "authentication error").ConfigureAwait(false);
                return;
        }
    }

    private async Task SignInAsync(HttpContext ctx)
    {
        if (!ctx.Request.HasFormContentType)
        {
            await ApiResults.ErrorAsync(ctx, StatusCodes.Status400BadRequest, "expected a form").ConfigureAwait(false);
            return;
        }

        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted).ConfigureAwait(false);
        var user = form["user"].ToString();
        var pass = form["pass"].ToString();
        var remote = ctx.Connection.RemoteIpAddress ?? IPAddress.None;
        var result = await auth.AuthenticateAsync(new AuthRequest
        {
            Action = AuthAction.Api,
            User = user,
            Password = pass,
            RemoteIp = remote,
            Protocol = AuthProtocol.Http,
            UserAgent = ctx.Request.Headers.UserAgent.ToString(),
        }, ctx.RequestAborted).ConfigureAwait(false);
        if (!result.IsOk)
        {
            DashboardLog.SignInRefused(logger, user, remote.ToString());
            await Redirect(ctx, "/ui/login?failed=1").ConfigureAwait(false);
            return;
        }

        var token = sessions.Create(user, pass);
        ctx.Response.Cookies.Append(AdminSessions.CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = ctx.Request.IsHttps,
            Path = "/",
            MaxAge = AdminSessions.IdleTimeout,
        });
        DashboardLog.SignedIn(logger, user, remote.ToString());
        await Redirect(ctx, "/ui/").ConfigureAwait(false);
    }

    private Task SignOutAsync(HttpContext ctx)
    {
        if (ctx.Request.Cookies.TryGetValue(AdminSessions.CookieName, out var token) && token is not null)
        {
            sessions.Remove(token);
        }

        ctx.Response.Cookies.Delete(AdminSessions.CookieName, new CookieOptions { Path = "/", SameSite = SameSiteMode.Strict, HttpOnly = true });
        return ApiResults.OkAsync(ctx);
    }

    private Task LogsAsync(HttpContext ctx)
    {
        if (!ctx.WebSockets.IsWebSocketRequest)
        {
            return ApiResults.ErrorAsync(ctx, StatusCodes.Status400BadRequest, "expected a WebSocket");
        }

        // WebSockets are not bound by CORS: a page of another site must not read the log through a visitor's browser
        // (the local "any" user needs no cookie), so a browser's handshake must come from the dashboard's own origin.
        var origin = ctx.Request.Headers.Origin.ToString();
        if (origin.Length != 0 && !IsSameOrigin(origin, ctx.Request))
        {
            return ApiResults.ErrorAsync(ctx, StatusCodes.Status403Forbidden, "cross-origin WebSocket refused");
        }

        return logs is null
            ? ApiResults.ErrorAsync(ctx, StatusCodes.Status404NotFound, "the broker's log is not available")
            : DashboardLogSocket.RunAsync(ctx, logs, logger);
    }

    /// <summary>The sign-in form; after a refused attempt (<c>?failed=1</c>) with its message shown, since the page runs no script.</summary>
    private Task LoginPageAsync(HttpContext ctx)
    {
        if (ctx.Request.Query["failed"] != "1" || _assets.Find("login.html") is not { } page)
        {
            return ServeAsync(ctx, "login.html");
        }

        SecurityHeaders(ctx);
        ctx.Response.ContentType = page.ContentType;
        var html = System.Text.Encoding.UTF8.GetString(page.Bytes).Replace("id=\"failed\" hidden", "id=\"failed\"", StringComparison.Ordinal);
        return ctx.Response.WriteAsync(html, ctx.RequestAborted);
    }

    private static void SecurityHeaders(HttpContext ctx)
    {
        ctx.Response.Headers.XContentTypeOptions = "nosniff";
        ctx.Response.Headers["X-Frame-Options"] = "DENY";
        ctx.Response.Headers["Content-Security-Policy"] =
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src http: https:; connect-src 'self' ws: wss:";
    }

    private static bool IsSameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var o)
        && string.Equals(o.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
        && string.Equals(o.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase);

    private async Task ServeAsync(HttpContext ctx, string file)
    {
        if (_assets.Find(file) is not { } asset)
        {
            await ApiResults.ErrorAsync(ctx, StatusCodes.Status404NotFound, "not found").ConfigureAwait(false);
            return;
        }

        ctx.Response.Headers.ETag = asset.ETag;
        ctx.Response.Headers.CacheControl = "no-cache";
        SecurityHeaders(ctx);
        if (ctx.Request.Headers.IfNoneMatch == asset.ETag)
        {
            ctx.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        ctx.Response.ContentType = asset.ContentType;
        ctx.Response.ContentLength = asset.Bytes.Length;
        await ctx.Response.Body.WriteAsync(asset.Bytes, ctx.RequestAborted).ConfigureAwait(false);
    }

    private static Task Redirect(HttpContext ctx, string location)
    {
        ctx.Response.StatusCode = StatusCodes.Status303SeeOther;
        ctx.Response.Headers.Location = location;
        return Task.CompletedTask;
    }
}
