using System.Net;
using MediaBroker.Auth;
using Microsoft.AspNetCore.Http;

namespace MediaBroker.Api;

/// <summary>What <see cref="AdminAuth.EvaluateAsync"/> decided about one request.</summary>
public enum AdminAuthOutcome
{
    Allowed,

    /// <summary>No or wrong credentials: a Basic challenge (or the dashboard's login form) may help.</summary>
    CredentialsRequired,

    Denied,

    /// <summary>A state-changing request authorized only by the session cookie, without <see cref="AdminSessions.CsrfHeader"/>.</summary>
    CsrfHeaderMissing,
}

/// <summary>
/// Authorizes one admin HTTP request (action api or metrics) with the credentials of its <c>Authorization</c>
/// header or its <c>?token=</c>, or else of the dashboard's session cookie, and writes the 401 itself when it fails.
/// </summary>
public static class AdminAuth
{
    /// <summary>The realm of the Basic challenge (MediaMTX says "mediamtx").</summary>
    public const string Realm = "mediabroker";

    /// <summary>Returns true when the request may go on; otherwise the 401 (or 403) response has been written.</summary>
    public static async Task<bool> AuthorizeAsync(HttpContext ctx, AuthService auth, AuthAction action, AdminSessions? sessions = null)
    {
        var outcome = await EvaluateAsync(ctx, auth, action, sessions).ConfigureAwait(false);
        switch (outcome)
        {
            case AdminAuthOutcome.Allowed:
                return true;
            case AdminAuthOutcome.CsrfHeaderMissing:
                await ApiResults.ErrorAsync(ctx, StatusCodes.Status403Forbidden, $"missing {AdminSessions.CsrfHeader} header").ConfigureAwait(false);
                return false;
            case AdminAuthOutcome.CredentialsRequired:
                ctx.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\"";
                break;
        }

        await ApiResults.ErrorAsync(ctx, StatusCodes.Status401Unauthorized, "authentication error").ConfigureAwait(false);
        return false;
    }

    /// <summary>Decides without answering (the dashboard sends a browser to its login form instead of a 401).</summary>
    public static async Task<AdminAuthOutcome> EvaluateAsync(HttpContext ctx, AuthService auth, AuthAction action, AdminSessions? sessions = null)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(auth);
        HttpCredentials.TryParse(ctx.Request.Headers.Authorization.ToString(), out var user, out var pass, out var token);
        if (token.Length == 0 && ctx.Request.Query.TryGetValue("token", out var queryToken))
        {
            token = queryToken.ToString();
        }

        var byCookie = false;
        if (sessions is not null && user.Length == 0 && pass.Length == 0 && token.Length == 0
            && ctx.Request.Cookies.TryGetValue(AdminSessions.CookieName, out var cookie) && cookie is not null
            && sessions.TryGet(cookie, out var sessionUser, out var sessionPass))
        {
            (user, pass, byCookie) = (sessionUser, sessionPass, true);
        }

        var request = new AuthRequest
        {
            Action = action,
            Query = ctx.Request.QueryString.HasValue ? ctx.Request.QueryString.Value![1..] : "",
            User = user,
            Password = pass,
            Token = token,
            RemoteIp = ctx.Connection.RemoteIpAddress ?? IPAddress.None,
            Protocol = AuthProtocol.Http,
            UserAgent = ctx.Request.Headers.UserAgent.ToString(),
        };

        var result = await auth.AuthenticateAsync(request, ctx.RequestAborted).ConfigureAwait(false);
        if (!result.IsOk)
        {
            return result.Outcome == AuthOutcome.CredentialsRequired ? AdminAuthOutcome.CredentialsRequired : AdminAuthOutcome.Denied;
        }

        // A cookie rides along with any request the browser makes, forms of other sites included (SameSite=Strict
        // already stops those); a custom header cannot be set cross-site without a CORS preflight we never grant.
        if (byCookie && !HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method)
            && !HttpMethods.IsOptions(ctx.Request.Method) && !ctx.Request.Headers.ContainsKey(AdminSessions.CsrfHeader))
        {
            return AdminAuthOutcome.CsrfHeaderMissing;
        }

        return AdminAuthOutcome.Allowed;
    }
}
