using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text;
using MediaBroker.Net.Tcp;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Rtsp.Tunnel;

/// <summary>
/// The tunnels of the RTSP/RTSPS listeners, told apart from plain RTSP by a connection's first bytes (as MediaMTX
/// does): an HTTP GET or POST. A WebSocket upgrade carries RTSP in binary messages; Apple's HTTP tunnel pairs a GET
/// (server->client bytes, raw) and a POST (client->server bytes, base64) by their x-sessioncookie. Either way the
/// result is one ordinary RTSP connection, run by <paramref name="run"/>, whose media is interleaved in the tunnel.
/// Partial files: Http (the GET/POST pair), WebSocket.
/// </summary>
/// <param name="run">Runs an RTSP connection over the given streams until it ends.</param>
/// <param name="options">The server's current options (readTimeout bounds the opening request).</param>
internal sealed partial class RtspTunnelServer(Func<RtspConnectionIo, CancellationToken, Task> run, Func<RtspServerOptions> options, ILogger logger)
{
    /// <summary>Tunnel input buffered ahead of the RTSP connection before the sender is held back.</summary>
    private static readonly PipeOptions s_pipeOptions = new(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false);

    private readonly ConcurrentDictionary<string, HttpTunnelPending> _pending = new(StringComparer.Ordinal);

    /// <summary>HTTP tunnels whose GET waits for, or is paired with, a POST.</summary>
    public int PendingHttpTunnels => _pending.Count;

    /// <summary>
    /// Whether the connection opens with an HTTP request (a tunnel) rather than RTSP. Consumes nothing: the RTSP
    /// connection or the tunnel reads the same bytes. Null when the client sent too little within readTimeout.
    /// </summary>
    public async Task<bool?> IsHttpAsync(TcpConnection tcp, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options().ReadTimeout);
        try
        {
            while (true)
            {
                var result = await tcp.Input.ReadAsync(timeout.Token).ConfigureAwait(false);
                var http = HttpTunnelRequest.IsHttp(result.Buffer);
                if (http is not null || result.IsCompleted)
                {
                    // Nothing examined: the next read returns these bytes at once.
                    tcp.Input.AdvanceTo(result.Buffer.Start);
                    return http == true;
                }

                tcp.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            RtspTunnelLog.ClosedBeforeRequest(logger, tcp.RemoteEndPoint, "nothing received within readTimeout");
            return null;
        }
    }

    /// <summary>Serves a connection that opened with an HTTP request until its tunnel ends.</summary>
    public async Task HandleAsync(TcpConnection tcp, CancellationToken ct)
    {
        HttpTunnelRequest request;
        try
        {
            request = await ReadRequestAsync(tcp, ct).ConfigureAwait(false);
        }
        catch (RtspTunnelException ex)
        {
            RtspTunnelLog.Malformed(logger, tcp.RemoteEndPoint, ex.Message);
            await AnswerAsync(tcp, "400 Bad Request", ct).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            RtspTunnelLog.Refused(logger, tcp.RemoteEndPoint, "no complete HTTP request within readTimeout");
            return;
        }

        if (WebSocketHandshake.IsUpgrade(request))
        {
            await RunWebSocketAsync(tcp, request, ct).ConfigureAwait(false);
        }
        else if (request.Method == "GET")
        {
            await RunHttpGetAsync(tcp, request, ct).ConfigureAwait(false);
        }
        else if (request.Method == "POST")
        {
            await RunHttpPostAsync(tcp, request, ct).ConfigureAwait(false);
        }
        else
        {
            // IsHttpAsync only lets GET and POST through.
            RtspTunnelLog.Refused(logger, tcp.RemoteEndPoint, $"HTTP method {request.Method}");
            await AnswerAsync(tcp, "405 Method Not Allowed", ct).ConfigureAwait(false);
        }
    }

    private async Task<HttpTunnelRequest> ReadRequestAsync(TcpConnection tcp, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options().ReadTimeout);
        while (true)
        {
            var result = await tcp.Input.ReadAsync(timeout.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            var examined = buffer.End;
            try
            {
                if (HttpTunnelRequest.TryRead(buffer, out var request, out consumed))
                {
                    // What follows the header (a POST's first base64, a first WebSocket frame) is not examined yet:
                    // the tunnel's next read must return it at once.
                    examined = consumed;
                    return request!;
                }

                if (result.IsCompleted)
                {
                    throw new RtspTunnelException("the connection closed inside the HTTP header");
                }
            }
            finally
            {
                tcp.Input.AdvanceTo(consumed, examined);
            }
        }
    }

    /// <summary>An HTTP status line with no body, then the connection closes.</summary>
    private static async Task AnswerAsync(TcpConnection tcp, string status, CancellationToken ct)
    {
        try
        {
            await WriteAsync(tcp, $"HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The client is gone or does not read; it is being closed anyway.
        }
    }

    private static async Task WriteAsync(TcpConnection tcp, string text, CancellationToken ct)
    {
        var span = tcp.Output.GetSpan(Encoding.ASCII.GetMaxByteCount(text.Length));
        var n = Encoding.ASCII.GetBytes(text, span);
        tcp.Output.Advance(n);
        await tcp.FlushAsync(ct).ConfigureAwait(false);
    }
}
