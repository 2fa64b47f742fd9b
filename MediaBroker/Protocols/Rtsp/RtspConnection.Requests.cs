using System.Globalization;
using System.Text;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Sdp;
using MediaBroker.Media;
using MediaBroker.Protocols.Rtsp.Messages;

namespace MediaBroker.Protocols.Rtsp;

public sealed partial class RtspConnection
{
    private const string PublicMethods = "OPTIONS, DESCRIBE, ANNOUNCE, SETUP, PLAY, RECORD, PAUSE, GET_PARAMETER, SET_PARAMETER, TEARDOWN";

    private async Task HandleRequestAsync(RtspMessage request, CancellationToken ct)
    {
        RtspMessage? response;
        try
        {
            response = request.Method switch
            {
                "OPTIONS" => Response(200, new RtspHeaders().Add("Public", PublicMethods)),
                "DESCRIBE" => await DescribeAsync(request, ct).ConfigureAwait(false),
                "ANNOUNCE" => await AnnounceAsync(request, ct).ConfigureAwait(false),
                "SETUP" => await SetupAsync(request, ct).ConfigureAwait(false),
                "PLAY" => Play(request),
                "RECORD" => Record(request),
                "PAUSE" => Pause(request),
                "TEARDOWN" => Teardown(request),
                "GET_PARAMETER" or "SET_PARAMETER" => KeepAlive(request),
                "REDIRECT" => Response(405, new RtspHeaders().Add("Allow", PublicMethods)),
                _ => Response(501),
            };
        }
        catch (RtspProtocolException ex)
        {
            RtspLog.Refused(_logger, RemoteEndPoint, request.ToString(), ex.StatusCode, ex.Message);
            response = Response(ex.StatusCode);
        }
        catch (SdpProtocolException ex)
        {
            RtspLog.Refused(_logger, RemoteEndPoint, request.ToString(), 400, ex.Message);
            response = Response(400);
        }

        if (response is not null)
        {
            Reply(request, response);
        }
    }

    private void Reply(RtspMessage request, RtspMessage response)
    {
        response.Headers.Set("CSeq", request.Headers["CSeq"] ?? "0");
        response.Headers.Set("Server", "MediaBroker");
        RtspLog.Request(_logger, RemoteEndPoint, request.ToString(), response.StatusCode);
        Send(response);
    }

    private static RtspMessage Response(int status, RtspHeaders? headers = null, byte[]? body = null) =>
        new() { StatusCode = status, Reason = RtspStatus.Reason(status), Headers = headers ?? new RtspHeaders(), Body = body ?? ReadOnlyMemory<byte>.Empty };

    private async ValueTask<RtspMessage> DescribeAsync(RtspMessage request, CancellationToken ct)
    {
        var url = ParseUrl(request.Uri);
        // Only DESCRIBE may send a new reader to another node of the cluster: SETUP and PLAY follow what it answered.
        var result = await _server.Paths.DescribeAsync(Access(request, url) with { RedirectEndpoint = IsTls ? "rtsps" : "rtsp" }, ct).ConfigureAwait(false);
        if (result.Status == PathStatus.NodeRedirect && result.RedirectTo is { } node)
        {
            return Response(302, new RtspHeaders().Add("Location", $"{node}/{url.Path}{(url.Query.Length == 0 ? "" : "?" + url.Query)}"));
        }

        if (!result.IsOk)
        {
            return PathError(request, result.Status, result.Message, result.RedirectTo);
        }

        var stream = result.Value!;
        var encoder = _server.GetEncoder(stream);
        var sdp = RtspStreamSdp.Build(stream, encoder);
        if (IsTls)
        {
            for (var i = 0; i < stream.Tracks.Length; i++)
            {
                var id = stream.Tracks[i].Id;
                OfferSavp(sdp.Media[i], url.Path, id, encoder.GetTrackState(id).Ssrc);
            }
        }

        var headers = new RtspHeaders()
            .Add("Content-Base", request.Uri!.TrimEnd('/') + "/")
            .Add("Content-Type", "application/sdp");
        return Response(200, headers, Encoding.UTF8.GetBytes(sdp.ToString()));
    }

    private async ValueTask<RtspMessage> AnnounceAsync(RtspMessage request, CancellationToken ct)
    {
        var url = ParseUrl(request.Uri);
        var sdp = SessionDescription.Parse(Encoding.UTF8.GetString(request.Body.Span));
        var tracks = new List<Track>();
        var formats = new List<SdpFormat?>();
        foreach (var media in sdp.Media)
        {
            if (!SdpFormat.TryRead(media, 0, out var format))
            {
                throw new RtspProtocolException(400, $"media '{media.Media}' has no RTP payload type");
            }

            tracks.Add(new Track(tracks.Count, SdpCodecMapper.FromFormat(format, media.Media)));
            formats.Add(format);
        }

        if (tracks.Count == 0)
        {
            throw new RtspProtocolException(400, "the SDP has no media");
        }

        var session = NewSession(request);
        var result = await _server.Paths.AddPublisherAsync(Access(request, url), session, ct).ConfigureAwait(false);
        if (!result.IsOk)
        {
            session.Close("publish refused");
            return PathError(request, result.Status, result.Message, result.RedirectTo);
        }

        session.SetPath(url);
        session.PrepareRecord(result.Value!, sdp, tracks, formats);
        return Response(200, SessionHeader(session));
    }

    private RtspMessage? Play(RtspMessage request)
    {
        var session = RequireSession(request);
        if (session.State == RtspSessionState.Playing)
        {
            return Response(200, SessionHeader(session));
        }

        if (session.State != RtspSessionState.PrePlay || !session.AnyTrackSetup)
        {
            throw new RtspProtocolException(455, $"PLAY is not valid in state {session.State}");
        }

        // The response must precede the first packet on the connection: subscribe (which fixes the first packet of
        // each track, for RTP-Info), send the response, then start the flow.
        var starts = session.Subscribe();
        var headers = SessionHeader(session).Add("Range", "npt=0.000-");
        if (starts.Length > 0)
        {
            headers.Add("RTP-Info", RtspRtpInfo.Format(request.Uri ?? "", starts));
        }

        Reply(request, Response(200, headers));
        session.StartPlaying();
        RtspLog.Reading(_logger, session.SecretId, session.PathName!, session.TrackCount, session.TransportName ?? "");
        return null;
    }

    private RtspMessage Record(RtspMessage request)
    {
        var session = RequireSession(request);
        if (session.State != RtspSessionState.PreRecord || !session.AnyTrackSetup)
        {
            throw new RtspProtocolException(455, $"RECORD is not valid in state {session.State}");
        }

        session.StartRecording();

        // Interleaved media arrives continuously on this connection: read without waiting first (see TcpConnection).
        _io.Primary.ReadsContinuously = session.Transport == RtspLowerTransport.Tcp;
        RtspLog.Publishing(_logger, session.SecretId, session.PathName!, session.TrackCount, session.TransportName ?? "");
        return Response(200, SessionHeader(session));
    }

    private RtspMessage Pause(RtspMessage request)
    {
        var session = RequireSession(request);
        switch (session.State)
        {
            case RtspSessionState.Playing:
                session.StopPlaying();
                break;
            case RtspSessionState.Recording:
                session.MoveTo(RtspSessionState.PreRecord);
                _io.Primary.ReadsContinuously = false;
                break;
            case RtspSessionState.Initial:
                throw new RtspProtocolException(455, "PAUSE before SETUP");
        }

        return Response(200, SessionHeader(session));
    }

    private RtspMessage Teardown(RtspMessage request)
    {
        if (FindSession(request) is { } session)
        {
            session.Close("torn down by the client");
            _io.Primary.ReadsContinuously = false;
        }

        return Response(200);
    }

    private RtspMessage KeepAlive(RtspMessage request)
    {
        if (request.Headers["Session"] is not null)
        {
            RequireSession(request).Touch();
        }

        return Response(200);
    }

    private RtspSession NewSession(RtspMessage request)
    {
        var session = new RtspSession(_server, this, _logger) { UserAgent = request.Headers["User-Agent"] };
        _server.AddSession(session);
        AddSession(session);
        RtspLog.SessionCreated(_logger, session.SecretId, RemoteEndPoint);
        return session;
    }

    private RtspSession? FindSession(RtspMessage request)
    {
        var header = request.Headers["Session"];
        if (header is null)
        {
            return null;
        }

        var id = header.Split(';', 2)[0].Trim();
        return _server.FindSession(id) ?? throw new RtspProtocolException(454, $"session '{id}' not found");
    }

    private RtspSession RequireSession(RtspMessage request) =>
        FindSession(request) ?? throw new RtspProtocolException(454, "the request has no Session header");

    private RtspHeaders SessionHeader(RtspSession session) =>
        new RtspHeaders().Add("Session", session.SecretId + ";timeout=" + ((int)_server.Options.SessionTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture));

    private static RtspRequestUrl ParseUrl(string? uri) =>
        RtspRequestUrl.TryParse(uri, out var url) ? url : throw new RtspProtocolException(400, $"invalid URL '{uri}'");

    private RtspMessage PathError(RtspMessage request, PathStatus status, string? message, string? redirect)
    {
        switch (status)
        {
            case PathStatus.CredentialsRequired:
                return Response(401, Challenges());
            case PathStatus.Unauthorized:
                RtspLog.Refused(_logger, RemoteEndPoint, request.ToString(), 401, message ?? "");
                return Response(401, Challenges());
            case PathStatus.Redirect:
                return Response(302, new RtspHeaders().Add("Location", redirect ?? ""));
        }

        var code = status switch
        {
            PathStatus.NotConfigured or PathStatus.NoStream => 404,
            PathStatus.TooManyReaders => 503,
            _ => 400,
        };
        RtspLog.Refused(_logger, RemoteEndPoint, request.ToString(), code, message ?? status.ToString());
        return Response(code);
    }
}
