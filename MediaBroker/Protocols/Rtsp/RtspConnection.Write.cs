using System.IO.Pipelines;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Protocols.Rtsp.Messages;

namespace MediaBroker.Protocols.Rtsp;

public sealed partial class RtspConnection
{
    /// <summary>Units taken from one session's queue before the others get a turn.</summary>
    private const int BatchLimit = 64;

    /// <summary>
    /// The only writer of the connection: responses and RTCP from the control channel, then what the playing
    /// sessions' queues hold, in batches, with one flush per batch (a gather write of shared packet bytes).
    /// A flush the peer does not accept within <c>writeTimeout</c> closes the connection; the reader queues
    /// meanwhile drop for this reader alone.
    /// </summary>
    private async Task WriteLoopAsync(CancellationToken ct)
    {
        await Task.Yield();
        var output = _io.Output;
        await using var wakeOnCancel = ct.UnsafeRegister(static s => ((AsyncSignal)s!).Set(), _wake).ConfigureAwait(false);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                long written = 0;
                var controlOpen = true;

                // Snapshot the players before draining the control channel: PLAY queues its response and only then
                // adds the player, so every player in this snapshot has its response written ahead of its first
                // packet. Taken after the drain, a player added in between got media before its PLAY response
                // (seen about once in 10 000 churned connections by MediaBroker.Bench).
                var players = _players;
                Interlocked.MemoryBarrier();
                while (_control.Reader.TryRead(out var item))
                {
                    written += Write(output, item);
                }

                if (_control.Reader.Completion.IsCompleted)
                {
                    controlOpen = false;
                }

                var batching = players.Length > 0;
                foreach (var session in players)
                {
                    written += Drain(output, session);
                    batching &= session.Queue?.IsBatching == true;
                }

                if (written > 0)
                {
                    Interlocked.Add(ref _outboundBytes, written);
                    var flush = await _io.FlushAsync(ct).ConfigureAwait(false);
                    if (flush.IsCompleted)
                    {
                        return;
                    }

                    if (!batching)
                    {
                        continue;
                    }

                    // Every player batches: what arrived during the send waits for the next batch tick.
                }

                if (!controlOpen)
                {
                    return;
                }

                // Nothing to write: sleep until a control message or a playing queue's item (they all set _wake).
                await _wake.WaitAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _io.Abort("write timeout");
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            _io.Abort(ex.Message);
        }
    }

    private static long Write(PipeWriter output, in Outgoing item)
    {
        if (item.Message is { } message)
        {
            var before = output.CanGetUnflushedBytes ? output.UnflushedBytes : 0;
            RtspMessageWriter.Write(output, message);
            return output.CanGetUnflushedBytes ? Math.Max(1, output.UnflushedBytes - before) : 1;
        }

        if (item.Data.Length == 0)
        {
            return 0;
        }

        RtspMessageWriter.WriteInterleaved(output, item.Channel, item.Data.Span);
        return 4 + item.Data.Length;
    }

    private static long Drain(PipeWriter output, RtspSession session)
    {
        if (session.Queue is not { } queue)
        {
            return 0;
        }

        long written = 0;
        var packets = 0;

        // A batching reader sends its whole batch at once (the queue bounds it).
        var limit = queue.IsBatching ? int.MaxValue : BatchLimit;
        for (var n = 0; n < limit && queue.Reader.TryRead(out var item); n++)
        {
            var setup = session.Setup(item.TrackId);
            if (!setup.IsSetup)
            {
                continue;
            }

            if (session.TakeFirstReport(item) is { Length: > 0 } report)
            {
                RtspMessageWriter.WriteInterleaved(output, setup.RtcpChannel, report.Span);
                written += 4 + report.Length;
            }

            foreach (var shared in item.Packets)
            {
                var packet = setup.Srtp is { } srtp ? srtp.ProtectRtp(shared) : shared;
                RtspMessageWriter.WriteInterleaved(output, setup.RtpChannel, packet.Span);
                written += 4 + packet.Length;
                packets++;
            }
        }

        session.CountSent(packets, written);
        if (written > 0)
        {
            session.CountSend();
        }

        return written;
    }
}
