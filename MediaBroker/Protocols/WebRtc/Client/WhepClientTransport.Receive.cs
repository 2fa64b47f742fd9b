using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MediaBroker.Formats.Rtp.Srtp;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Protocols.WebRtc.Stun;

namespace MediaBroker.Protocols.WebRtc.Client;

/// <summary>The receive loop: STUN answers end ICE, DTLS records feed the handshake, SRTP is decrypted in place and handed on.</summary>
internal sealed partial class WhepClientTransport
{
    private const int DatagramBufferSize = 65536;

    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        // One timer for the whole loop, pushed back after each packet: no allocation per packet.
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            if (_answer.Tcp)
            {
                await ReceiveFramesAsync(idle).ConfigureAwait(false);
            }
            else
            {
                await ReceiveDatagramsAsync(idle).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException("no packets from the " + _options.ServerName);
        }
        catch (Exception ex) when (ct.IsCancellationRequested && ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped by the owner.
        }
    }

    private async Task ReceiveDatagramsAsync(CancellationTokenSource idle)
    {
        var buffer = new byte[DatagramBufferSize];
        var from = new SocketAddress(_socket.AddressFamily);
        while (true)
        {
            if (!await ReadyToReceiveAsync(idle).ConfigureAwait(false))
            {
                continue;
            }

            var n = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, from, idle.Token).ConfigureAwait(false);
            var receivedAt = Stopwatch.GetTimestamp();
            if (from.Equals(_server))
            {
                Handle(buffer.AsMemory(0, n), receivedAt);
            }
        }
    }

    private async Task ReceiveFramesAsync(CancellationTokenSource idle)
    {
        var frames = new IceTcpFrameReader(IceTcpFraming.MaxFrameLength);
        while (true)
        {
            if (!await ReadyToReceiveAsync(idle).ConfigureAwait(false))
            {
                continue;
            }

            var n = await _socket.ReceiveAsync(frames.GetFreeSpace(), SocketFlags.None, idle.Token).ConfigureAwait(false);
            var receivedAt = Stopwatch.GetTimestamp();
            if (n == 0)
            {
                return;
            }

            frames.Advance(n);
            OperationStatus status;
            while ((status = frames.TryRead(out var frame)) == OperationStatus.Done)
            {
                Handle(frame, receivedAt);
            }

            if (status == OperationStatus.InvalidData)
            {
                throw new IOException("broken RFC 4571 framing from the " + _options.ServerName);
            }
        }
    }

    /// <summary>
    /// Re-arms the idle timer; while paused, waits a little instead. False: go round again without reading.
    /// Completes synchronously when not paused, so the usual path allocates nothing.
    /// </summary>
    private async ValueTask<bool> ReadyToReceiveAsync(CancellationTokenSource idle)
    {
        if (_options.IdleTimeout != Timeout.InfiniteTimeSpan)
        {
            idle.CancelAfter(_options.IdleTimeout);
        }

        if (!_paused)
        {
            return true;
        }

        await Task.Delay(50, idle.Token).ConfigureAwait(false);
        return false;
    }

    private void Handle(Memory<byte> packet, long receivedAt)
    {
        var span = packet.Span;
        var kind = PacketClassifier.Classify(span);
        switch (kind)
        {
            case PacketKind.Stun:
                if (IsSuccessResponse(span))
                {
                    _iceDone.TrySetResult();
                }

                break;
            case PacketKind.Dtls:
                _dtls.PushDatagram(span);
                break;
            case PacketKind.Rtp or PacketKind.Rtcp when Volatile.Read(ref _inbound) is { } srtp:
                var result = kind == PacketKind.Rtp ? srtp.UnprotectRtp(span, out var length) : srtp.UnprotectRtcp(span, out length);
                if (result != SrtpResult.Ok)
                {
                    _handler.OnSrtpError(kind, result);
                }
                else if (kind == PacketKind.Rtp)
                {
                    _handler.OnRtp(packet[..length], receivedAt);
                }
                else
                {
                    _handler.OnRtcp(packet[..length], receivedAt);
                }

                break;
            default:
                break;
        }
    }

    private static bool IsSuccessResponse(ReadOnlySpan<byte> packet)
    {
        try
        {
            return StunMessage.TryParse(packet, out var message) && message.Class == StunClass.SuccessResponse;
        }
        catch (StunProtocolException)
        {
            return false; // a broken answer does not end ICE; the next check may get a good one
        }
    }
}
