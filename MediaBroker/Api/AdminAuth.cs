using System.Net;
using MediaBroker.Auth;
using Microsoft.AspNetCore.Http;

namespace MediaBroker.Api;

/// <summary>
/// Authorizes one admin HTTP request (action api or metrics) with the credentials of its <c>Authorization</c>
/// header or its <c>?token=</c>, and writes the 401 itself when it fails.
/// </summary>
public static class AdminAuth
{
    /// <summary>The realm of the Basic challenge (MediaMTX says "mediamtx").</summary>
    public const string Realm = "mediabroker";

    /// <summary>Returns true when the request may go on; otherwise the 401 response has been written.</summary>
    public static async Task<bool> AuthorizeAsync(HttpContext ctx, AuthService auth, AuthAction action)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(auth);
        HttpCredentials.TryParse(ctx.Request.Headers.Authorization.ToString(), out var user, out var pass, out var token);
        if (token.Length == 0 && ctx.Request.Query.TryGetValue("token", out var queryToken))
        {
            token = queryToken.ToString();
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
        if (result.IsOk)
        {
            return true;
        }

        if (result.Outcome == AuthOutcome.CredentialsRequired)
        {
            ctx.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\"";
        }

        await ApiResults.ErrorAsync(ctx, StatusCodes.Status401Unauthorized, "authentication error").ConfigureAwait(false);
        return false;
    }
}
