using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using MediaBroker.Auth;
using MediaBroker.Core;
using MediaBroker.Formats.Sdp;
using MediaBroker.Protocols.WebRtc.Dtls;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Protocols.WebRtc.Signalling;

namespace MediaBroker.Protocols.WebRtc.Client;

/// <summary>
/// Pulls a stream from a WHEP server (whep://host:port/path → http://host:port/path/whep; wheps:// → https).
/// We offer recvonly sections, act as the controlling full ICE agent against the server's host candidates
/// (UDP), take the DTLS client role, and depacketize what arrives. Reconnection is the path's back-off.
/// </summary>
public sealed class WhepSource(int udpReadBufferSize = 0) : IStaticSource
{
    private static readonly TimeSpan s_httpTimeout = TimeSpan.FromSeconds(10);

    public string ApiType => "webRTCSource";

    public async Task RunAsync(StaticSourceContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = EndpointUrl(context.SourceUrl);
        // sourceFingerprint pins a wheps:// server's certificate (MediaMTX's rule: the pin replaces chain and name checks).
        using var pinned = context.Conf.SourceFingerprint.Length != 0 ? CertificateFingerprint.CreateHandler(context.Conf.SourceFingerprint) : null;
        using var http = pinned is null ? new HttpClient() : new HttpClient(pinned, disposeHandler: false);
        http.Timeout = s_httpTimeout;
        using var certificate = DtlsCertificate.Create("mediabroker-whep");
        var ice = IceCredentials.Generate();
        var stunServers = await StunServersAsync(http, endpoint, context, ct).ConfigureAwait(false);

        using var offer = new StringContent(BuildOffer(ice, certificate.Fingerprint), Encoding.UTF8);
        offer.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = offer };
        if (context.Conf.WhepBearerToken.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.Conf.WhepBearerToken);
        }

        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new IOException($"WHEP server answered {(int)response.StatusCode}: {body.Trim()}");
        }

        var session = response.Headers.Location is { } location ? new Uri(endpoint, location) : null;
        try
        {
            var answer = SessionDescription.Parse(body);
            await using var connection = new WhepConnection(context, answer, ice, certificate, udpReadBufferSize);
            if (session is not null && stunServers.Count > 0)
            {
                var candidates = await connection.GatherServerReflexiveAsync(stunServers, ct).ConfigureAwait(false);
                await TrickleAsync(http, session, ice, candidates, ct).ConfigureAwait(false);
            }

            await connection.RunAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            if (session is not null)
            {
                await DeleteSessionAsync(http, session).ConfigureAwait(false);
            }
        }
    }

    /// <summary>whep://host:port/path → http://host:port/path/whep (a URL already ending in /whep is kept).</summary>
    internal static Uri EndpointUrl(string sourceUrl)
    {
        var secure = sourceUrl.StartsWith("wheps://", StringComparison.OrdinalIgnoreCase);
        var uri = new Uri(sourceUrl);
        var path = uri.AbsolutePath.EndsWith("/whep", StringComparison.Ordinal) ? uri.AbsolutePath : uri.AbsolutePath.TrimEnd('/') + "/whep";
        return new UriBuilder(secure ? "https" : "http", uri.Host, uri.Port, path) { Query = uri.Query.TrimStart('?') }.Uri;
    }

    /// <summary>
    /// The STUN servers the WHEP server lists in the Link headers of an OPTIONS answer (RFC 9725 §4.6), resolved to
    /// IPv4 within whepSTUNGatherTimeout; none when it lists none or does not answer OPTIONS.
    /// </summary>
    private static async Task<IReadOnlyList<IPEndPoint>> StunServersAsync(HttpClient http, Uri endpoint, StaticSourceContext context, CancellationToken ct)
    {
        IReadOnlyList<string> urls;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, endpoint);
            using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            urls = response.IsSuccessStatusCode && response.Headers.TryGetValues("Link", out var links) ? IceServerLinks.ParseUrls(links) : [];
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return []; // no ICE servers to learn: the host candidate path is tried as before
        }

        var servers = new List<IPEndPoint>();
        foreach (var (host, port) in StunServerList.From([.. urls.Select(u => new Conf.WebrtcIceServerConf { Url = u })]))
        {
            try
            {
                var address = IPAddress.TryParse(host, out var ip) ? ip
                    : (await Dns.GetHostAddressesAsync(host, AddressFamily.InterNetwork, ct).WaitAsync(context.Conf.WhepSTUNGatherTimeout, ct).ConfigureAwait(false)).FirstOrDefault();
                if (address is not null)
                {
                    servers.Add(new IPEndPoint(address, port));
                }
            }
            catch (Exception ex) when (ex is SocketException or TimeoutException)
            {
                // That server is skipped; the others may answer.
            }
        }

        return servers;
    }

    /// <summary>Sends gathered candidates to the session (trickle ICE, RFC 8840 sdpfrag over PATCH); a refusal is not fatal.</summary>
    private static async Task TrickleAsync(HttpClient http, Uri session, IceCredentials ice, IReadOnlyList<string> candidates, CancellationToken ct)
    {
        if (candidates.Count == 0)
        {
            return;
        }

        var fragment = new StringBuilder()
            .Append("a=ice-ufrag:").Append(ice.Ufrag).Append("\r\n")
            .Append("a=ice-pwd:").Append(ice.Password).Append("\r\n")
            .Append("m=video 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n");
        foreach (var c in candidates)
        {
            fragment.Append("a=candidate:").Append(c).Append("\r\n");
        }

        using var content = new StringContent(fragment.ToString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/trickle-ice-sdpfrag");
        using var request = new HttpRequestMessage(HttpMethod.Patch, session) { Content = content };
        try
        {
            using var _ = await http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            // The host candidate path may still work; ICE decides.
        }
    }

    private static async Task DeleteSessionAsync(HttpClient http, Uri session)
    {
        try
        {
            using var cts = new CancellationTokenSource(s_httpTimeout);
            using var _ = await http.DeleteAsync(session, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            // The server ends the session by itself when consent expires.
        }
    }

    private static string BuildOffer(IceCredentials ice, string fingerprint)
    {
        var common = $"c=IN IP4 0.0.0.0\r\na=ice-ufrag:{ice.Ufrag}\r\na=ice-pwd:{ice.Password}\r\na=fingerprint:{fingerprint}\r\n" +
            "a=setup:active\r\na=recvonly\r\na=rtcp-mux\r\n";
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n" +
            "m=video 9 UDP/TLS/RTP/SAVPF 102 96 98 45\r\n" + common + "a=mid:0\r\n" +
            "a=rtpmap:102 H264/90000\r\na=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n" +
            "a=rtcp-fb:102 nack\r\na=rtcp-fb:102 nack pli\r\n" +
            "a=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\n" +
            "a=rtpmap:98 VP9/90000\r\na=rtcp-fb:98 nack pli\r\na=rtpmap:45 AV1/90000\r\na=rtcp-fb:45 nack pli\r\n" +
            "m=audio 9 UDP/TLS/RTP/SAVPF 111 9 0 8\r\n" + common + "a=mid:1\r\n" +
            "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n" +
            "a=rtpmap:9 G722/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n";
    }
}
