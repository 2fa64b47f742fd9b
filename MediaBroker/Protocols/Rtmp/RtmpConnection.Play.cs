using System.Buffers;
using System.IO.Pipelines;
using MediaBroker.Core;
using MediaBroker.Formats.Flv;
using MediaBroker.Media;
using MediaBroker.Streams.Flv;

namespace MediaBroker.Protocols.Rtmp;

public sealed partial class RtmpConnection
{
    /// <summary>Items written per flush at most, so control messages and flushes interleave with a backlog.</summary>
    private const int MaxBatch = 64;

    private ReaderLease? _reader;
    private FlvStreamEncoder? _encoder;
    private ReaderQueue<FlvTagItem>? _queue;
    private Task? _playTask;
    private CancellationTokenSource? _playStop;
    private readonly AsyncSignal _playWake = new();

    private async ValueTask OnPlayAsync(RtmpCommand command, uint streamId, CancellationToken ct)
    {
        EnsureFresh("play");
        var name = command.StringArgument(0) ?? "";
        var access = Access(name);
        var result = await _paths.AddReaderAsync(access, this, ct).ConfigureAwait(false);
        if (!result.IsOk)
        {
            var reason = result.Status == PathStatus.Redirect ? $"redirected to {result.RedirectTo}" : Describe(result.Status, result.Message);
            var code = result.Status switch
            {
                PathStatus.NoStream or PathStatus.NotConfigured or PathStatus.InvalidName => "NetStream.Play.StreamNotFound",
                _ => "NetStream.Play.Failed",
            };
            RtmpLog.Refused(_logger, _connection.RemoteEndPoint, access.Path, reason);
            WriteStatus(streamId, "error", code, reason);
            _closeReason = reason;
            _ended = true;
            return;
        }

        _reader = result.Value!;
        var stream = _reader.Stream;
        _encoder = stream.GetOrAddEncoder(new FlvEncoderKey());
        if (!IsSupportedForPlay(_encoder))
        {
            var reason = "the stream has no track that RTMP can carry";
            RtmpLog.Refused(_logger, _connection.RemoteEndPoint, access.Path, reason);
            WriteStatus(streamId, "error", "NetStream.Play.Failed", reason);
            _closeReason = reason;
            _ended = true;
            return;
        }

        _queue = _encoder.Subscribe(_reader.BatchedReaderOptions($"{ApiType} {_connection.RemoteEndPoint}"), out var headers);
        _state = "read";

        RtmpControl.WriteUserControl(_chunkWriter, _control, RtmpUserControlEvent.StreamIsRecorded, streamId);
        RtmpControl.WriteUserControl(_chunkWriter, _control, RtmpUserControlEvent.StreamBegin, streamId);
        WriteStatus(streamId, "status", "NetStream.Play.Reset", $"Playing and resetting {name}.");
        WriteStatus(streamId, "status", "NetStream.Play.Start", $"Started playing {name}.");
        WriteData(streamId, "|RtmpSampleAccess", true, true);
        WriteStatus(streamId, "status", "NetStream.Data.Start", "Data start.");
        await SendControlAsync(ct).ConfigureAwait(false);

        var tracks = new List<Track>(2);
        if (_encoder.VideoTrack is { } v)
        {
            tracks.Add(v);
        }

        if (_encoder.AudioTrack is { } a)
        {
            tracks.Add(a);
        }

        RtmpLog.Reading(_logger, _connection.RemoteEndPoint, _pathName, DescribeTracks(tracks));

        // From here the play loop is the only writer.
        _playing = true;
        _playStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _playTask = PlayLoopAsync(_queue, headers, streamId, _playStop.Token);
    }

    private async Task PlayLoopAsync(ReaderQueue<FlvTagItem> queue, FlvTagItem[] headers, uint streamId, CancellationToken ct)
    {
        await Task.Yield();
        var output = _connection.Output;
        var headersSent = false;

        // One reusable wake-up for media and control messages: no waiter or cancellation registration per frame.
        queue.SetWakeup(_playWake);
        await using var wakeOnCancel = ct.UnsafeRegister(static s => ((AsyncSignal)s!).Set(), _playWake).ConfigureAwait(false);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var count = 0;
                while (_outbox.Reader.TryRead(out var control))
                {
                    output.Write(control);
                    count++;
                }

                // A batching reader sends its whole batch at once (the queue bounds it).
                var limit = queue.IsBatching ? int.MaxValue : MaxBatch;
                while (count < limit && queue.Reader.TryRead(out var item))
                {
                    if (!headersSent)
                    {
                        // Sequence headers carry the first item's time, so the player's clock starts where the media does;
                        // onMetaData goes at 0 (its own chunk stream), as in a file: ffmpeg takes metadata with a later
                        // timestamp for a subtitle track.
                        foreach (var header in headers)
                        {
                            WriteItem(output, header, header.Type == FlvTagType.Script ? 0 : item.Timestamp, streamId);
                        }

                        headersSent = true;
                    }

                    WriteItem(output, item, item.Timestamp, streamId);
                    count++;
                }

                if (count == 0)
                {
                    if (queue.Reader.Completion.IsCompleted)
                    {
                        break;
                    }

                    await _playWake.WaitAsync().ConfigureAwait(false);
                    continue;
                }

                if (output.CanGetUnflushedBytes)
                {
                    Interlocked.Add(ref _outboundBytes, output.UnflushedBytes);
                }

                Interlocked.Increment(ref _outboundSends);
                var flush = await _connection.FlushAsync(ct).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    break;
                }

                if (queue.IsBatching)
                {
                    // What arrived during the send waits for the next batch tick (or a half-full queue, or a control message).
                    await _playWake.WaitAsync().ConfigureAwait(false);
                }
            }

            _closeReason ??= ct.IsCancellationRequested ? null : "the stream ended";
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The session is ending.
        }
        catch (OperationCanceledException)
        {
            _closeReason ??= "write timeout";
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or InvalidOperationException)
        {
            _closeReason ??= ex.Message;
        }
        finally
        {
            queue.SetWakeup(null);

            // Whatever ended playback ends the connection (the read loop is waiting on the socket).
            _connection.Abort(_closeReason ?? "playback ended");
        }
    }

    private void WriteItem(PipeWriter output, FlvTagItem item, uint timestamp, uint streamId)
    {
        var (csid, type) = item.Type switch
        {
            FlvTagType.Video => (VideoCsid, RtmpMessageType.Video),
            FlvTagType.Audio => (AudioCsid, RtmpMessageType.Audio),
            _ => (DataCsid, RtmpMessageType.DataAmf0),
        };
        _chunkWriter.WriteMessage(output, csid, timestamp, type, streamId, item.Payload.Span);
    }

    private async ValueTask StopPlayingAsync()
    {
        if (_playTask is not null)
        {
            await _playStop!.CancelAsync().ConfigureAwait(false);
            await _playTask.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _playStop.Dispose();
        }

        if (_queue is not null)
        {
            _encoder!.Unsubscribe(_queue);
        }

        _reader?.Dispose();
        _reader = null;
    }
}
