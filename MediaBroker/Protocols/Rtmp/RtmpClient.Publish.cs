using System.Buffers;
using System.IO.Pipelines;
using MediaBroker.Formats.Amf;

namespace MediaBroker.Protocols.Rtmp;

public sealed partial class RtmpClient
{
    private long _pendingPing = -1;
    private long _outboundBytes;

    /// <summary>Bytes handed to the socket by <see cref="FlushMediaAsync"/>.</summary>
    public long OutboundBytes => Interlocked.Read(ref _outboundBytes);

    /// <summary>
    /// Queues one media or data message on the publish stream without flushing (the caller batches, then calls
    /// <see cref="FlushMediaAsync"/>). Only the publishing task writes.
    /// </summary>
    public void WriteMedia(RtmpMessageType type, uint timestamp, ReadOnlySpan<byte> payload)
    {
        var csid = type switch { RtmpMessageType.Audio => 4, RtmpMessageType.Video => 6, _ => 5 };
        _chunkWriter.WriteMessage(_output, csid, timestamp, type, StreamId, payload);
    }

    /// <summary>Answers a ping that <see cref="ReadWhilePublishingAsync"/> saw, then flushes what was written.</summary>
    public ValueTask<FlushResult> FlushMediaAsync(CancellationToken ct)
    {
        var ping = Interlocked.Exchange(ref _pendingPing, -1);
        if (ping >= 0)
        {
            RtmpControl.WriteUserControl(_chunkWriter, _output, RtmpUserControlEvent.PingResponse, (uint)ping);
        }

        if (_output.CanGetUnflushedBytes)
        {
            Interlocked.Add(ref _outboundBytes, _output.UnflushedBytes);
        }

        return _output.FlushAsync(ct);
    }

    /// <summary>
    /// Reads what the server sends to a publisher (acknowledgements, pings, status) until it closes the connection
    /// (returns) or reports an error status (throws). Runs beside the publishing task and never writes: a ping is
    /// answered by the next <see cref="FlushMediaAsync"/>.
    /// </summary>
    public async Task ReadWhilePublishingAsync(CancellationToken ct)
    {
        while (true)
        {
            while (_received.TryDequeue(out var message))
            {
                Inspect(message);
            }

            var result = await _input.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            _chunkReader.ReadMessages(buffer, _onMessage, out var position);
            _input.AdvanceTo(position, buffer.End);
            if (result.IsCompleted)
            {
                while (_received.TryDequeue(out var message))
                {
                    Inspect(message);
                }

                return;
            }
        }
    }

    private void Inspect(RtmpMessage message)
    {
        switch (message.Type)
        {
            case RtmpMessageType.UserControl:
                var (type, value) = RtmpControl.ReadUserControl(message);
                if (type == RtmpUserControlEvent.PingRequest)
                {
                    Interlocked.Exchange(ref _pendingPing, value);
                }

                break;
            case RtmpMessageType.CommandAmf0 or RtmpMessageType.CommandAmf3:
                var command = RtmpCommand.Parse(message);
                if (command.Name == "onStatus" && command.Arguments.Count > 0 && command.Arguments[0] is AmfObject s
                    && s.GetString("level") == "error")
                {
                    throw new RtmpProtocolException($"the server stopped the publish: {s.GetString("code")}: {s.GetString("description")}");
                }

                break;
        }
    }
}
