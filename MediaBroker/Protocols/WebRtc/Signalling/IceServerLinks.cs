using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MediaBroker.Conf;

namespace MediaBroker.Protocols.WebRtc.Signalling;

/// <summary>
/// The STUN/TURN servers handed to WHIP/WHEP clients as <c>Link: &lt;url&gt;; rel="ice-server"</c> headers
/// (RFC 9725 §4.6). A TURN entry whose username is <c>AUTH_SECRET</c> gets time-limited credentials from the
/// TURN REST scheme: username "expiry:random", password base64(HMAC-SHA1(secret, username)).
/// </summary>
public static class IceServerLinks
{
    /// <summary>How long TURN REST credentials stay valid.</summary>
    public static readonly TimeSpan TurnCredentialLifetime = TimeSpan.FromHours(24);

    public static IReadOnlyList<string> Build(IReadOnlyList<WebrtcIceServerConf> servers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var links = new List<string>(servers.Count);
        foreach (var server in servers)
        {
            var link = new StringBuilder();
            link.Append('<').Append(server.Url).Append(">; rel=\"ice-server\"");
            if (server.Username.Length > 0)
            {
                var (user, pass) = Credentials(server, now);
                link.Append("; username=\"").Append(Quote(user)).Append("\"; credential=\"").Append(Quote(pass))
                    .Append("\"; credential-type=\"password\"");
            }

            links.Add(link.ToString());
        }

        return links;
    }

    /// <summary>The URLs of the <c>rel="ice-server"</c> links of Link header values (a value may hold several, comma-separated).</summary>
    public static IReadOnlyList<string> ParseUrls(IEnumerable<string> linkValues)
    {
        ArgumentNullException.ThrowIfNull(linkValues);
        var urls = new List<string>();
        foreach (var link in linkValues.SelectMany(v => v.Split(',')))
        {
            var open = link.IndexOf('<', StringComparison.Ordinal);
            var close = link.IndexOf('>', StringComparison.Ordinal);
            if (open >= 0 && close > open + 1 && link[(close + 1)..].Contains("rel=\"ice-server\"", StringComparison.OrdinalIgnoreCase))
            {
                urls.Add(link[(open + 1)..close].Trim());
            }
        }

        return urls;
    }

    private static (string User, string Password) Credentials(WebrtcIceServerConf server, DateTimeOffset now)
    {
        if (server.Username != "AUTH_SECRET")
        {
            return (server.Username, server.Password);
        }

        var expiry = (now + TurnCredentialLifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var user = expiry + ":" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

        // The TURN REST API draft (coturn's use-auth-secret) fixes HMAC-SHA1 here.
#pragma warning disable CA5350
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(server.Password), Encoding.UTF8.GetBytes(user));
#pragma warning restore CA5350
        return (user, Convert.ToBase64String(mac));
    }

    private static string Quote(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
