using System.Buffers;
using System.IO.Pipelines;
using MediaBroker.Net.Tcp;

namespace MediaBroker.Protocols.Rtsp.Tunnel;

internal sealed partial class RtspTunnelServer
{
    /// <summary>
    /// RTSP over WebSocket: after the 101 answer the RTSP connection reads the payloads of the client's messages as
    /// one byte stream and writes into a pipe whose contents leave as binary messages, one per flush of the
    /// RTSP writer. Pings are answered; a close frame ends the connection as a socket close would.
    /// </summary>
    private async Task RunWebSocketAsync(TcpConnection tcp, HttpTunnelRequest request, CancellationToken ct)
    {
        string answer;
        try
        {
            answer = WebSocketHandshake.Accept(request);
        }
        catch (RtspTunnelException ex)
        {
            RtspTunnelLog.Refused(logger, tcp.RemoteEndPoint, ex.Message);
            await AnswerAsync(tcp, "400 Bad Request", ct).ConfigureAwait(false);
            return;
        }

        await WriteAsync(tcp, answer, ct).ConfigureAwait(false);
        RtspTunnelLog.Opened(logger, tcp.RemoteEndPoint, RtspTunnel.WebSocket.ApiName());
        var inbound = new Pipe(s_pipeOptions);
        var outbound = new Pipe(s_pipeOptions);
        var pong = new WebSocketPongSlot();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var receive = ReceiveWebSocketAsync(tcp, inbound.Writer, outbound.Reader, pong, stop.Token);
        var send = SendWebSocketAsync(tcp, outbound.Reader, pong, stop.Token);
        try
        {
            await run(new RtspConnectionIo(tcp, RtspTunnel.WebSocket, inbound.Reader, outbound.Writer), ct).ConfigureAwait(false);
        }
        finally
        {
            // What the RTSP connection wrote last, then a close frame, within the write timeout.
            await outbound.Writer.CompleteAsync().ConfigureAwait(false);
            await send.WaitAsync(options().WriteTimeout, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(receive, send).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await inbound.Reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task ReceiveWebSocketAsync(TcpConnection tcp, PipeWriter inbound, PipeReader outbound, WebSocketPongSlot pong, CancellationToken ct)
    {
        await Task.Yield();
        var frames = new WebSocketFrameReader(expectMasked: true);
        try
        {
            while (true)
            {
                var result = await tcp.Input.ReadAsync(ct).ConfigureAwait(false);
                var reader = new SequenceReader<byte>(result.Buffer);
                var closed = false;
                try
                {
                    while (!closed && frames.TryRead(ref reader, out var frame))
                    {
                        switch (frame.Opcode)
                        {
                            case WebSocketOpcode.Close:
                                closed = true;
                                break;
                            case WebSocketOpcode.Ping:
                                pong.Set(frame.Payload.ToArray());
                                outbound.CancelPendingRead();
                                break;
                            case WebSocketOpcode.Pong:
                                break;
                            default:
                                // Binary (or text) and continuations: RTSP bytes, message boundaries do not matter.
                                foreach (var segment in frame.Payload)
                                {
                                    inbound.Write(segment.Span);
                                }

                                break;
                        }
                    }
                }
                finally
                {
                    tcp.Input.AdvanceTo(reader.Position, result.Buffer.End);
                }

                var flush = await inbound.FlushAsync(ct).ConfigureAwait(false);
                if (closed || result.IsCompleted || flush.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (RtspTunnelException ex)
        {
            RtspTunnelLog.Malformed(logger, tcp.RemoteEndPoint, ex.Message);
            tcp.Abort("malformed tunnel input: " + ex.Message);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The connection is ending.
        }
        finally
        {
            await inbound.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static async Task SendWebSocketAsync(TcpConnection tcp, PipeReader outbound, WebSocketPongSlot pong, CancellationToken ct)
    {
        await Task.Yield();
        var output = tcp.Output;
        try
        {
            while (true)
            {
                var result = await outbound.ReadAsync(ct).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    WriteFrame(output, WebSocketOpcode.Binary, buffer);
                }

                outbound.AdvanceTo(buffer.End);
                if (pong.Take() is { } payload)
                {
                    WriteFrame(output, WebSocketOpcode.Pong, new ReadOnlySequence<byte>(payload));
                }

                if (result.IsCompleted)
                {
                    // 1000: normal closure (RFC 6455 §7.4.1).
                    WriteFrame(output, WebSocketOpcode.Close, new ReadOnlySequence<byte>([0x03, 0xE8]));
                }

                await tcp.FlushAsync(ct).ConfigureAwait(false);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            tcp.Abort("write timeout");
        }
        catch (OperationCanceledException)
        {
            // The tunnel is ending.
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            tcp.Abort(ex.Message);
        }
        finally
        {
            await outbound.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static void WriteFrame(PipeWriter output, WebSocketOpcode opcode, ReadOnlySequence<byte> payload)
    {
        var header = output.GetSpan(WebSocketFrame.MaxHeaderBytes);
        output.Advance(WebSocketFrame.WriteHeader(header, opcode, payload.Length));
        foreach (var segment in payload)
        {
            output.Write(segment.Span);
        }
    }
}
