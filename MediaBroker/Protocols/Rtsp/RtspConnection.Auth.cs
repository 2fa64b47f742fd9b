using MediaBroker.Auth;
using MediaBroker.Core;
using MediaBroker.Protocols.Rtsp.Messages;

namespace MediaBroker.Protocols.Rtsp;

public sealed partial class RtspConnection
{
    private const string Realm = "mediabroker";

    /// <summary>
    /// Who asks: Basic gives user and password; Digest gives the user and a check of the response against a
    /// candidate password (the server never sees it); <c>?user=&amp;pass=</c> and <c>?token=</c> come from the query.
    /// </summary>
    private AccessRequest Access(RtspMessage request, RtspRequestUrl url)
    {
        string? user = null;
        string? pass = null;
        Func<string, string, bool>? verify = null;
        if (request.Headers["Authorization"] is { } header && RtspAuthorization.TryParse(header, out var auth))
        {
            user = auth.User;
            if (auth.IsDigest)
            {
                var method = request.Method!;
                var nonce = _nonce;
                verify = (u, p) => auth.VerifyDigest(method, u, p, Realm, nonce);
            }
            else
            {
                pass = auth.Password;
            }
        }

        string? token = null;
        if (QueryCredentials.TryParse(url.Query, out var qUser, out var qPass, out var qToken))
        {
            if (user is null && qUser.Length > 0)
            {
                user = qUser;
                pass = qPass;
            }

            token = qToken.Length > 0 ? qToken : null;
        }

        return new AccessRequest
        {
            Path = url.Path,
            Query = url.Query,
            User = user,
            Password = pass,
            Token = token,
            RemoteIp = RemoteEndPoint.Address,
            Protocol = AuthProtocol.Rtsp,
            ConnectionId = Id,
            UserAgent = request.Headers["User-Agent"],
            VerifyCredentials = verify,
        };
    }

    /// <summary>The <c>WWW-Authenticate</c> challenges of <c>rtspAuthMethods</c>, in their order (RFC 2617).</summary>
    private RtspHeaders Challenges()
    {
        var headers = new RtspHeaders();
        foreach (var method in _server.Options.AuthMethods)
        {
            if (string.Equals(method, "digest", StringComparison.OrdinalIgnoreCase))
            {
                headers.Add("WWW-Authenticate", $"Digest realm=\"{Realm}\", nonce=\"{_nonce}\"");
            }
            else if (string.Equals(method, "basic", StringComparison.OrdinalIgnoreCase))
            {
                headers.Add("WWW-Authenticate", $"Basic realm=\"{Realm}\"");
            }
        }

        return headers;
    }
}
