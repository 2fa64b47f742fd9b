using System.IO.Pipelines;
using MediaBroker.Net.Tcp;

namespace MediaBroker.Protocols.Rtsp.Tunnel;

internal sealed partial class RtspTunnelServer
{
    private const string TunnelContentType = "application/x-rtsp-tunnelled";

    /// <summary>
    /// The GET of an HTTP tunnel: answered 200 at once (clients wait for it before opening the POST), then it carries
    /// the RTSP connection's output as raw bytes. The RTSP connection reads what the POST with the same cookie decodes.
    /// </summary>
    private async Task RunHttpGetAsync(TcpConnection tcp, HttpTunnelRequest request, CancellationToken ct)
    {
        if (request.Header("x-sessioncookie") is not { Length: > 0 } cookie)
        {
            RtspTunnelLog.Refused(logger, tcp.RemoteEndPoint, "HTTP GET without x-sessioncookie (not a tunnel)");
            await AnswerAsync(tcp, "400 Bad Request", ct).ConfigureAwait(false);
            return;
        }

        if (!request.HeaderHasToken("Accept", TunnelContentType))
        {
            RtspTunnelLog.Refused(logger, tcp.RemoteEndPoint, "HTTP GET without 'Accept: " + TunnelContentType + "'");
            await AnswerAsync(tcp, "400 Bad Request", ct).ConfigureAwait(false);
            return;
        }

        var input = new Pipe(s_pipeOptions);
        var pending = new HttpTunnelPending(tcp.RemoteEndPoint, input.Writer, tcp.Abort);
        if (!_pending.TryAdd(cookie, pending))
        {
            RtspTunnelLog.Refused(logger, tcp.RemoteEndPoint, "x-sessioncookie already used by another tunnel");
            await AnswerAsync(tcp, "409 Conflict", ct).ConfigureAwait(false);
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watch = Task.CompletedTask;
        try
        {
            await WriteAsync(tcp, "HTTP/1.0 200 OK\r\nServer: MediaBroker\r\nConnection: close\r\nCache-Control: no-store\r\nPragma: no-cache\r\n"
                + "Content-Type: " + TunnelContentType + "\r\n\r\n", ct).ConfigureAwait(false);
            RtspTunnelLog.Opened(logger, tcp.RemoteEndPoint, RtspTunnel.Http.ApiName());
            watch = WatchGetAsync(tcp, stop.Token);
            await run(new RtspConnectionIo(tcp, RtspTunnel.Http, input.Reader, tcp.Output), ct).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(new KeyValuePair<string, HttpTunnelPending>(cookie, pending));
            pending.End();
            await stop.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await input.Reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The RTSP connection reads the POST, so only this notices a client that closes the GET: it ends the tunnel.
    /// A client sends nothing more on the GET; bytes it does send are ignored.
    /// </summary>
    private static async Task WatchGetAsync(TcpConnection tcp, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var result = await tcp.Input.ReadAsync(ct).ConfigureAwait(false);
                tcp.Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    tcp.Abort("the client closed the tunnel's GET connection");
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The tunnel ended first.
        }
    }

    /// <summary>
    /// The POST of an HTTP tunnel: its body (however long the announced Content-Length) is base64 of the client's RTSP
    /// bytes until the client closes it. It must come from the GET's address and claim a GET that is still open.
    /// </summary>
    private async Task RunHttpPostAsync(TcpConnection tcp, HttpTunnelRequest request, CancellationToken ct)
    {
        if (request.Header("x-sessioncookie") is not { Length: > 0 } cookie)
        {
            RtspTunnelLog.Refused(logger, tcp.RemoteEndPoint, "HTTP POST without x-sessioncookie (not a tunnel)");
            await AnswerAsync(tcp, "400 Bad Request", ct).ConfigureAwait(false);
            return;
        }

        if (!_pending.TryGetValue(cookie, out var pending))
        {
            RtspTunnelLog.Refused(logger, tcp.RemoteEndPoint, "the POST's x-sessioncookie matches no open tunnel GET");
            await AnswerAsync(tcp, "404 Not Found", ct).ConfigureAwait(false);
            return;
        }

        // A cookie seen by someone else must not let them inject requests into another client's connection.
        if (!pending.GetEndPoint.Address.Equals(tcp.RemoteEndPoint.Address))
        {
            RtspTunnelLog.Refused(logger, tcp.RemoteEndPoint, $"the POST comes from another address than its GET ({pending.GetEndPoint.Address})");
            await AnswerAsync(tcp, "403 Forbidden", ct).ConfigureAwait(false);
            return;
        }

        if (!pending.TryClaim())
        {
            RtspTunnelLog.Refused(logger, tcp.RemoteEndPoint, "the tunnel already has a POST connection");
            await AnswerAsync(tcp, "409 Conflict", ct).ConfigureAwait(false);
            return;
        }

        RtspTunnelLog.PostAttached(logger, pending.GetEndPoint, tcp.RemoteEndPoint);
        var reason = "the client closed the POST connection";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, pending.Ended);
        try
        {
            await PumpPostAsync(tcp.Input, pending.Input, stop.Token).ConfigureAwait(false);
        }
        catch (RtspTunnelException ex)
        {
            RtspTunnelLog.Malformed(logger, tcp.RemoteEndPoint, ex.Message);
            reason = ex.Message;
            pending.Abort("malformed tunnel input: " + ex.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            reason = "the tunnel ended";
        }
        finally
        {
            // The RTSP connection sees the end of its input, as when a direct client closes its socket.
            await pending.Input.CompleteAsync().ConfigureAwait(false);
            RtspTunnelLog.PostClosed(logger, pending.GetEndPoint, reason);
        }
    }

    private static async Task PumpPostAsync(PipeReader body, PipeWriter input, CancellationToken ct)
    {
        var decoder = new TunnelBase64Decoder();
        while (true)
        {
            var result = await body.ReadAsync(ct).ConfigureAwait(false);
            try
            {
                decoder.Decode(result.Buffer, input);
            }
            finally
            {
                body.AdvanceTo(result.Buffer.End);
            }

            var flush = await input.FlushAsync(ct).ConfigureAwait(false);
            if (result.IsCompleted || flush.IsCompleted)
            {
                return;
            }
        }
    }
}
