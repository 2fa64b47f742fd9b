using System.Buffers;

namespace MediaBroker.Protocols.Rtmp;

public sealed partial class RtmpConnection
{
    private async Task HandshakeAsync(CancellationToken ct)
    {
        var input = _connection.Input;
        var c1 = new byte[RtmpHandshake.BlockSize];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.ReadTimeout);

        while (true)
        {
            var result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
            if (TryConsume(input, result, c1, c0c1: true))
            {
                break;
            }
        }

        var response = new byte[1 + (2 * RtmpHandshake.BlockSize)];
        var digest = RtmpHandshake.WriteServerResponse(c1, response, (uint)Environment.TickCount);
        await _connection.Output.WriteAsync(response, timeout.Token).ConfigureAwait(false);
        Interlocked.Add(ref _outboundBytes, response.Length);
        Interlocked.Increment(ref _outboundSends);

        while (true)
        {
            var result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
            if (TryConsume(input, result, c1, c0c1: false))
            {
                break;
            }
        }

        Interlocked.Add(ref _inboundBytes, 1 + (2 * RtmpHandshake.BlockSize));
        RtmpLog.Handshake(_logger, _connection.RemoteEndPoint, digest);
    }

    private static bool TryConsume(System.IO.Pipelines.PipeReader input, System.IO.Pipelines.ReadResult result, byte[] c1, bool c0c1)
    {
        var buffer = result.Buffer;
        var reader = new SequenceReader<byte>(buffer);
        var done = false;
        try
        {
            done = c0c1 ? RtmpHandshake.TryReadC0C1(ref reader, c1) : RtmpHandshake.TryReadC2(ref reader);
        }
        finally
        {
            if (done)
            {
                input.AdvanceTo(reader.Position);
            }
            else
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }

        if (!done && result.IsCompleted)
        {
            throw new RtmpProtocolException("the connection closed during the handshake");
        }

        return done;
    }
}
