using System.Net;
using MediaBroker.Core;
using Microsoft.AspNetCore.Http;

namespace MediaBroker.Auth;

/// <summary>The access request of an HTTP reader (HLS, HTTP streams, VOD, the embed pages).</summary>
public static class HttpAccess
{
    /// <summary>
    /// Who asks for <paramref name="path"/> over <paramref name="protocol"/>: credentials from the Authorization header,
    /// else from <c>?user=&amp;pass=</c> or <c>?token=</c>; the query without its '?', the peer's address, the user agent.
    /// </summary>
    public static AccessRequest Read(HttpContext ctx, string path, string protocol) =>
        Read(ctx, path, protocol, ctx.Request.QueryString.Value ?? "", withCredentials: true);

    /// <summary>
    /// As <see cref="Read(HttpContext, string, string)"/>, with the <paramref name="query"/> the caller keeps (with or
    /// without its '?'); without credentials (all "") when <paramref name="withCredentials"/> is false, as for the CDN.
    /// </summary>
    public static AccessRequest Read(HttpContext ctx, string path, string protocol, string query, bool withCredentials)
    {
        var req = ctx.Request;
        string user = "", pass = "", token = "";
        if (withCredentials && !HttpCredentials.TryParse(req.Headers.Authorization.ToString(), out user, out pass, out token))
        {
            QueryCredentials.TryParse(query, out user, out pass, out token);
        }

        return new AccessRequest
        {
            Path = path,
            Query = query.TrimStart('?'),
            User = user,
            Password = pass,
            Token = token,
            RemoteIp = ctx.Connection.RemoteIpAddress ?? IPAddress.None,
            Protocol = protocol,
            UserAgent = req.Headers.UserAgent.ToString(),
        };
    }
}
