using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Text;
using MediaBroker.Core;
using MediaBroker.Formats.Sdp;
using MediaBroker.Protocols.WebRtc.Dtls;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Streams.Rtp;

namespace MediaBroker.Protocols.WebRtc.Client;

/// <summary>
/// Pushes a path to a WHIP server (RFC 9725), as MediaMTX's <c>forward</c> does: <c>whip://host:port/path/whip</c> is
/// POSTed over http, <c>whips://</c> over https (the certificate must be valid, or match the item's SHA-256
/// fingerprint). The offer has one sendonly section per track WebRTC can carry; the media half is a
/// <see cref="WhipSender"/>. On the way out the session is DELETEd at the answer's Location.
/// </summary>
public sealed class WhipPusher : IStreamPusher
{
    /// <summary>Our RTCP CNAME and msid stream id.</summary>
    internal const string CanonicalName = "mediabroker";

    private readonly StreamPushTarget _target;
    private readonly WhipPusherOptions _options;
    private bool _skipLogged;

    public WhipPusher(StreamPushTarget target, WhipPusherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        _target = target;
        _options = options ?? new WhipPusherOptions();
    }

    public async Task RunAsync(StreamPushContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stream = context.Stream;
        var (sendable, skipped) = WhipOffer.Split(stream.Tracks);
        if (sendable.Count == 0)
        {
            throw new IOException($"no track WebRTC can carry ({string.Join(", ", skipped)})");
        }

        var endpoint = EndpointUrl(_target.Url);
        var shownUrl = endpoint.GetLeftPart(UriPartial.Path);
        if (skipped.Count > 0)
        {
            context.ReportTracksLeftOut($"WebRTC cannot carry {string.Join(", ", skipped)}: sending the other tracks without them");
        }

        if (skipped.Count > 0 && !_skipLogged)
        {
            _skipLogged = true; // once per forward item, not once per retry
            WhipLog.TracksSkipped(context.Logger, context.PathName, shownUrl, string.Join(", ", skipped));
        }

        // The packetization RTSP readers and WHEP viewers of this stream share (see WebRtcReadSession).
        var encoder = stream.GetOrAddEncoder(new RtpEncoderKey(RtpPayloadSize.For(_options.UdpMaxPayloadSize)));
        var tracks = sendable
            .Select((t, i) => new WhipTrack(t, encoder.PayloadType(t.Id), encoder.GetTrackState(t.Id).Ssrc, i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

        using var http = CreateHttpClient();
        using var certificate = DtlsCertificate.Create("mediabroker-whip");
        var ice = IceCredentials.Generate();
        var (answerText, session) = await PostOfferAsync(http, endpoint, WhipOffer.Build(tracks, ice, certificate.Fingerprint, CanonicalName), ct).ConfigureAwait(false);
        try
        {
            var answer = ParseAnswer(answerText);
            var payloadTypes = WhipOffer.AcceptedPayloadTypes(answer, tracks);
            if (payloadTypes.Count == 0)
            {
                throw new IOException($"the WHIP server accepted none of the tracks ({string.Join(", ", sendable.Select(t => t.Codec.Name))})");
            }

            var rejected = tracks.Where(t => !payloadTypes.ContainsKey(t.Track.Id)).Select(t => t.Track.Codec.Name).ToList();
            if (rejected.Count > 0)
            {
                WhipLog.TracksRejected(context.Logger, context.PathName, string.Join(", ", rejected));
            }

            await using var sender = new WhipSender(context, encoder, tracks, payloadTypes, answer, ice, certificate, _options);
            WhipLog.Sending(context.Logger, context.PathName, shownUrl, string.Join(", ", tracks.Where(t => payloadTypes.ContainsKey(t.Track.Id)).Select(t => t.Track.Codec.Name)));
            await sender.RunAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            if (session is not null)
            {
                await DeleteSessionAsync(http, session, context).ConfigureAwait(false);
            }
        }
    }

    /// <summary>whip://host:port/path/whip → http://host:port/path/whip; whips:// → https. Credentials are left out (sent as a header).</summary>
    internal static Uri EndpointUrl(string url)
    {
        var uri = new Uri(url);
        var secure = uri.Scheme.Equals("whips", StringComparison.OrdinalIgnoreCase);
        var port = uri.IsDefaultPort || uri.Port < 0 ? -1 : uri.Port;
        return new UriBuilder(secure ? "https" : "http", uri.Host, port, uri.AbsolutePath) { Query = uri.Query.TrimStart('?') }.Uri;
    }

    /// <summary>The bearer token when set, else the URL's user:password as Basic credentials (MediaMTX accepts both).</summary>
    internal static AuthenticationHeaderValue? Authorization(StreamPushTarget target)
    {
        if (target.BearerToken.Length > 0)
        {
            return new AuthenticationHeaderValue("Bearer", target.BearerToken);
        }

        var userInfo = new Uri(target.Url).UserInfo;
        if (userInfo.Length == 0)
        {
            return null;
        }

        var parts = userInfo.Split(':', 2);
        var credentials = Uri.UnescapeDataString(parts[0]) + ":" + (parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
        return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
    }

    private HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = _options.HttpTimeout };
        var fingerprint = _target.Fingerprint.Replace(":", "", StringComparison.Ordinal).Trim();
        if (fingerprint.Length > 0)
        {
            // destFingerprint pins the certificate: a self-signed one is accepted when its SHA-256 matches.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
                cert is not null && string.Equals(Convert.ToHexString(SHA256.HashData(cert.GetRawCertData())), fingerprint, StringComparison.OrdinalIgnoreCase);
        }

        return new HttpClient(handler) { Timeout = _options.HttpTimeout };
    }

    private async Task<(string Answer, Uri? Session)> PostOfferAsync(HttpClient http, Uri endpoint, string offer, CancellationToken ct)
    {
        using var content = new StringContent(offer, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        request.Headers.Authorization = Authorization(_target);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new IOException($"WHIP server {endpoint.GetLeftPart(UriPartial.Path)}: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"WHIP server {endpoint.GetLeftPart(UriPartial.Path)} did not answer within {_options.HttpTimeout.TotalSeconds:0.#} s", ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                var detail = body.Trim();
                throw new IOException($"WHIP server answered {(int)response.StatusCode} ({response.ReasonPhrase}){(detail.Length > 0 ? ": " + Shorten(detail) : "")}");
            }

            var session = response.Headers.Location is { } location ? new Uri(endpoint, location) : null;
            return (body, session);
        }
    }

    private static SessionDescription ParseAnswer(string text)
    {
        try
        {
            return SessionDescription.Parse(text);
        }
        catch (SdpProtocolException ex)
        {
            throw new IOException("the WHIP server's answer is not valid SDP: " + ex.Message, ex);
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";

    private async Task DeleteSessionAsync(HttpClient http, Uri session, StreamPushContext context)
    {
        try
        {
            // Also when the push was cancelled: a fresh deadline, so the server frees the session at once.
            using var cts = new CancellationTokenSource(_options.HttpTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Delete, session);
            request.Headers.Authorization = Authorization(_target);
            using var _ = await http.SendAsync(request, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            // The server ends the session by itself when consent checks stop.
            WhipLog.DeleteFailed(context.Logger, context.PathName, session, ex);
        }
    }
}
