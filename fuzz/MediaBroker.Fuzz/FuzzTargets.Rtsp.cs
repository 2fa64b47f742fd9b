using System.Buffers;
using System.Text;
using MediaBroker.Formats.Sdp;
using MediaBroker.Protocols.Rtsp.Client;
using MediaBroker.Protocols.Rtsp.Messages;
using MediaBroker.Protocols.Rtsp.Mikey;
using MediaBroker.Protocols.Rtsp.Tunnel;

namespace MediaBroker.Fuzz;

public static partial class FuzzTargets
{
    private static IEnumerable<FuzzTarget> RtspTargets() =>
    [
        new("rtsp-message", "RtspMessageReader.TryRead over the TCP stream, then the headers a server parses", RtspMessage),
        new("rtsp-transport", "RtspTransport.ParseList (SETUP's Transport header)",
            data => _ = RtspTransport.ParseList(Encoding.UTF8.GetString(data))),
        new("rtsp-auth", "RtspAuthorization.TryParse (Authorization header, Basic and Digest)",
            data => _ = RtspAuthorization.TryParse(Encoding.UTF8.GetString(data), out _)),
        new("mikey", "MikeyMessage.TryParse (KeyMgmt header payload of RTSPS SETUP)",
            data => _ = MikeyMessage.TryParse(data, out _)),
        new("rtsp-tunnel", "RTSP over HTTP and WebSocket on the RTSP port: HttpTunnelRequest, WebSocketHandshake, TunnelBase64Decoder (POST body), WebSocketFrameReader, then the RTSP bytes", RtspTunnel),
        new("rtsp-response", "What our RTSP client (RtspSource, RtspPusher) parses from a server: RtspMessageReader responses and interleaved frames, WWW-Authenticate parameters, the answered Transport, Session, Content-Base with each control, the DESCRIBE SDP", RtspResponse),
    ];

    /// <summary>
    /// A server's bytes as RtspClient reads them (responses and interleaved frames in a row, two segments), and for
    /// each response what RtspSource and RtspPusher take from it: the challenge parameters (TryLearnChallenge), the
    /// answered Transport, the Session id and timeout, the track URLs from Content-Base and each a=control, and the
    /// DESCRIBE body as in <c>sdp</c>. The source restarts on RtspProtocolException, SdpProtocolException and
    /// InvalidDataException.
    /// </summary>
    private static void RtspResponse(byte[] data)
    {
        var reader = new SequenceReader<byte>(Segments.Split(data, data.Length / 2));
        try
        {
            while (RtspMessageReader.TryRead(ref reader, out var message, out _) != RtspReadKind.NeedMoreData)
            {
                if (message is not { IsRequest: false })
                {
                    continue;
                }

                foreach (var challenge in message.Headers.GetAll("WWW-Authenticate"))
                {
                    var space = challenge.IndexOf(' ', StringComparison.Ordinal);
                    _ = RtspAuthorization.ParseParams(space < 0 ? "" : challenge[(space + 1)..]);
                }

                if (message.Headers["Transport"] is { } transport)
                {
                    _ = RtspTransport.TryParse(transport, out _);
                }

                if (message.Headers["Session"] is { } session)
                {
                    _ = RtspPusher.ParseSession(session);
                }

                if (!message.Body.IsEmpty)
                {
                    var baseUrl = message.Headers["Content-Base"] ?? message.Headers["Content-Location"] ?? "rtsp://127.0.0.1:8554/fuzz";
                    Expect<SdpProtocolException>(() =>
                    {
                        foreach (var media in SessionDescription.Parse(Encoding.UTF8.GetString(message.Body.Span)).Media)
                        {
                            _ = RtspSource.ResolveControl(baseUrl, media.Control);
                        }
                    });
                    Sdp(message.Body.ToArray());
                }
            }
        }
        catch (RtspProtocolException)
        {
        }
    }

    /// <summary>
    /// A connection to the RTSP port that starts like HTTP, as RtspTunnelServer reads it: the request header, then for
    /// a WebSocket upgrade the handshake and the masked frames, for a GET the tunnel headers, for a POST the base64
    /// body; the RTSP bytes this yields go to RtspMessage. The server closes the connection on RtspTunnelException.
    /// </summary>
    private static void RtspTunnel(byte[] data)
    {
        var buffer = Segments.Split(data, data.Length / 2);
        var rtsp = new ArrayBufferWriter<byte>();
        try
        {
            if (HttpTunnelRequest.IsHttp(buffer) != true || !HttpTunnelRequest.TryRead(buffer, out var request, out var consumed) || request is null)
            {
                return;
            }

            var body = buffer.Slice(consumed);
            if (WebSocketHandshake.IsUpgrade(request))
            {
                _ = WebSocketHandshake.Accept(request);
                var frames = new WebSocketFrameReader(expectMasked: true);
                var reader = new SequenceReader<byte>(body);
                while (frames.TryRead(ref reader, out var frame) && frame.Opcode != WebSocketOpcode.Close)
                {
                    if (frame.Opcode is WebSocketOpcode.Binary or WebSocketOpcode.Text or WebSocketOpcode.Continuation)
                    {
                        foreach (var segment in frame.Payload)
                        {
                            rtsp.Write(segment.Span);
                        }
                    }
                }
            }
            else if (request.Method == "GET")
            {
                _ = request.Header("x-sessioncookie");
                _ = request.HeaderHasToken("Accept", "application/x-rtsp-tunnelled");
            }
            else if (request.Header("x-sessioncookie") is { Length: > 0 })
            {
                _ = new TunnelBase64Decoder().Decode(body, rtsp);
            }
        }
        catch (RtspTunnelException)
        {
        }

        if (rtsp.WrittenCount > 0)
        {
            RtspMessage(rtsp.WrittenSpan.ToArray());
        }
    }

    /// <summary>
    /// What RtspConnection does with the bytes of a connection: messages and interleaved frames in a row, and for each
    /// request the Transport, Authorization and KeyMgmt headers and an ANNOUNCE body. The connection answers
    /// RtspProtocolException with an error and SdpProtocolException with 400.
    /// </summary>
    private static void RtspMessage(byte[] data)
    {
        // Two segments, split in the middle, as a socket read may deliver them.
        var sequence = Segments.Split(data, data.Length / 2);
        var reader = new SequenceReader<byte>(sequence);
        try
        {
            while (RtspMessageReader.TryRead(ref reader, out var message, out _) != RtspReadKind.NeedMoreData)
            {
                if (message is null)
                {
                    continue;
                }

                if (message.Headers["Transport"] is { } transport)
                {
                    _ = RtspTransport.ParseList(transport);
                }

                if (message.Headers["Authorization"] is { } auth)
                {
                    _ = RtspAuthorization.TryParse(auth, out _);
                }

                if (message.Headers["KeyMgmt"] is { } keyMgmt)
                {
                    _ = MikeyMessage.TryParseBase64(KeyMgmtData(keyMgmt), out _);
                }

                if (!message.Body.IsEmpty)
                {
                    Sdp(message.Body.ToArray());
                }
            }
        }
        catch (RtspProtocolException)
        {
        }
    }

    private static string KeyMgmtData(string header)
    {
        var at = header.IndexOf("data=", StringComparison.OrdinalIgnoreCase);
        return at < 0 ? header : header[(at + 5)..].Trim('"', ' ');
    }
}
