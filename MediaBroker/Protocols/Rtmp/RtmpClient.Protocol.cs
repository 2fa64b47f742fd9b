using System.Buffers;
using MediaBroker.Formats.Amf;

namespace MediaBroker.Protocols.Rtmp;

public sealed partial class RtmpClient
{
    private async Task HandshakeAsync(CancellationToken ct)
    {
        var hello = new byte[1 + RtmpHandshake.BlockSize];
        RtmpHandshake.WriteClientHello(hello, (uint)Environment.TickCount);
        await _output.WriteAsync(hello, ct).ConfigureAwait(false);

        var c2 = new byte[RtmpHandshake.BlockSize];
        while (true)
        {
            var result = await _input.ReadAsync(ct).ConfigureAwait(false);
            if (TryReadServerHandshake(result.Buffer, c2, out var consumed))
            {
                _input.AdvanceTo(consumed);
                break;
            }

            _input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            if (result.IsCompleted)
            {
                throw new RtmpProtocolException("the server closed the connection during the handshake");
            }
        }

        await _output.WriteAsync(c2, ct).ConfigureAwait(false);
    }

    private static bool TryReadServerHandshake(ReadOnlySequence<byte> buffer, byte[] c2, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        var done = RtmpHandshake.TryReadServerResponse(ref reader, c2);
        consumed = reader.Position;
        return done;
    }

    private async Task ConnectCommandAsync(bool forPublish, CancellationToken ct)
    {
        RtmpControl.WriteSetChunkSize(_chunkWriter, _output, ClientChunkSize);
        _chunkWriter.ChunkSize = ClientChunkSize;
        var connect = new AmfObject()
            .Add("app", Url.App)
            .Add("flashVer", "LNX 9,0,124,2")
            .Add("tcUrl", Url.TcUrl)
            .Add("fpad", false)
            .Add("capabilities", 15.0)
            .Add("audioCodecs", 4071.0)
            .Add("videoCodecs", 252.0)
            .Add("videoFunction", 1.0)
            .Add("fourCcList", new object?[] { "av01", "vp09", "hvc1", "avc1", "Opus", "ac-3", "mp4a", ".mp3" });
        await CallAsync("connect", connect, ct).ConfigureAwait(false);
        if (forPublish)
        {
            // No answer is awaited: servers that do not know these commands ignore them or answer _error.
            WriteCommand(0, "releaseStream", _nextTransactionId++, null, Url.StreamName);
            WriteCommand(0, "FCPublish", _nextTransactionId++, null, Url.StreamName);
        }

        var created = await CallAsync("createStream", null, ct).ConfigureAwait(false);
        StreamId = created.Count > 0 && created[0] is double id ? (uint)id : 1;
    }

    private async Task WaitForStatusAsync(string code, CancellationToken ct)
    {
        while (true)
        {
            var message = await ReadRawAsync(ct).ConfigureAwait(false);
            if (message.Type is not (RtmpMessageType.CommandAmf0 or RtmpMessageType.CommandAmf3))
            {
                if (message.Type is RtmpMessageType.Audio or RtmpMessageType.Video or RtmpMessageType.DataAmf0)
                {
                    _received.Enqueue(message); // keep media that raced ahead of the status
                }

                continue;
            }

            var command = RtmpCommand.Parse(message);
            if (command.Name != "onStatus" || command.Arguments.Count == 0 || command.Arguments[0] is not AmfObject status)
            {
                continue;
            }

            if (status.GetString("level") == "error")
            {
                throw new RtmpProtocolException($"server refused: {status.GetString("code")}: {status.GetString("description")}");
            }

            if (status.GetString("code") == code)
            {
                return;
            }
        }
    }

    private void WriteCommand(uint streamId, params ReadOnlySpan<object?> values)
    {
        _scratch.ResetWrittenCount();
        foreach (var v in values)
        {
            Amf0Writer.WriteValue(_scratch, v);
        }

        _chunkWriter.WriteMessage(_output, CommandCsid, 0, RtmpMessageType.CommandAmf0, streamId, _scratch.WrittenSpan);
    }

    /// <summary>The next message of any kind, after handling chunk-level and user control messages.</summary>
    private async ValueTask<RtmpMessage> ReadRawAsync(CancellationToken ct)
    {
        while (true)
        {
            while (_received.TryDequeue(out var queued))
            {
                if (queued.Type == RtmpMessageType.WindowAckSize)
                {
                    _windowAckSize = RtmpControl.ReadUInt32(queued);
                    continue;
                }

                if (queued.Type == RtmpMessageType.UserControl)
                {
                    var (type, value) = RtmpControl.ReadUserControl(queued);
                    if (type == RtmpUserControlEvent.PingRequest)
                    {
                        RtmpControl.WriteUserControl(_chunkWriter, _output, RtmpUserControlEvent.PingResponse, value);
                        await _output.FlushAsync(ct).ConfigureAwait(false);
                    }

                    continue;
                }

                return queued;
            }

            var result = await _input.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            var consumed = _chunkReader.ReadMessages(buffer, _onMessage, out var position);
            _input.AdvanceTo(position, buffer.End);
            _inboundBytes += consumed;
            if (_windowAckSize != 0 && _inboundBytes - _lastAcknowledged >= _windowAckSize)
            {
                _lastAcknowledged = _inboundBytes;
                RtmpControl.WriteAcknowledgement(_chunkWriter, _output, (uint)_inboundBytes);
                await _output.FlushAsync(ct).ConfigureAwait(false);
            }

            if (result.IsCompleted && _received.Count == 0)
            {
                throw new EndOfStreamException("the server closed the connection");
            }
        }
    }
}
