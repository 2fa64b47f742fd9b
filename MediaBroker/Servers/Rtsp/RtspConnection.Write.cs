using System.Collections.Immutable;
using System.IO.Pipelines;
using MediaBroker.Formats.Rtp;
using MediaBroker.Servers.Rtsp.Messages;

namespace MediaBroker.Servers.Rtsp;

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
        var output = _tcp.Output;
        using var flushTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task? controlWait = null;
        var queueWaits = new Dictionary<RtspSession, Task<bool>>();
        try
        {
            while (true)
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

                foreach (var session in players)
                {
                    written += Drain(output, session);
                }

                if (written > 0)
                {
                    Interlocked.Add(ref _outboundBytes, written);
                    flushTimeout.CancelAfter(_server.Options.WriteTimeout);
                    var flush = await output.FlushAsync(flushTimeout.Token).ConfigureAwait(false);
                    if (!flushTimeout.TryReset() || flush.IsCompleted)
                    {
                        return;
                    }

                    continue;
                }

                if (!controlOpen)
                {
                    return;
                }

                // Nothing to write: wait for the control channel or any playing queue. A wait task is kept
                // until it completes, so waiting never piles up waiters on an idle channel.
                controlWait = controlWait is { IsCompleted: false } ? controlWait : _control.Reader.WaitToReadAsync(ct).AsTask();
                var waits = new List<Task>(players.Length + 1) { controlWait };
                foreach (var session in players)
                {
                    if (session.Queue is not { } queue)
                    {
                        continue;
                    }

                    if (!queueWaits.TryGetValue(session, out var w) || w.IsCompleted)
                    {
                        w = queue.Reader.WaitToReadAsync(ct).AsTask();
                        queueWaits[session] = w;
                    }

                    if (!w.IsCompleted || w.Result)
                    {
                        waits.Add(w);
                    }
                }

                Forget(queueWaits, players);
                await Task.WhenAny(waits).ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _tcp.Abort("write timeout");
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            _tcp.Abort(ex.Message);
        }
    }

    private static void Forget(Dictionary<RtspSession, Task<bool>> waits, ImmutableArray<RtspSession> players)
    {
        if (waits.Count <= players.Length)
        {
            return;
        }

        foreach (var s in waits.Keys.ToList())
        {
            if (!players.Contains(s))
            {
                waits.Remove(s);
            }
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
        for (var n = 0; n < BatchLimit && queue.Reader.TryRead(out var item); n++)
        {
            var setup = session.Setup(item.TrackId);
            if (!setup.IsSetup)
            {
                continue;
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
        return written;
    }
}
