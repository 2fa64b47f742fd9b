using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using MediaBroker.Core;
using MediaBroker.Formats.Amf;
using MediaBroker.Formats.Flv;
using MediaBroker.Net.Tcp;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Rtmp;

/// <summary>
/// One RTMP client: handshake, then commands, then either publishing (media in) or playing (media out).
/// The read loop owns the connection's output until playback starts; from then on the play loop is the only
/// writer and the read loop hands it control messages through a small outbox.
/// </summary>
public sealed partial class RtmpConnection : IPathPublisher, IPathReader
{
    private const int CommandCsid = 3;
    private const int AudioCsid = 4;
    private const int DataCsid = 5;
    private const int VideoCsid = 6;

    /// <summary>Our chunk size: large chunks mean fewer headers; every client in use accepts it.</summary>
    private const int ServerChunkSize = 65536;
    private const uint ServerWindowAckSize = 2_500_000;

    private readonly TcpConnection _connection;
    private readonly PathManager _paths;
    private readonly RtmpServerOptions _options;
    private readonly ILogger _logger;
    private readonly RtmpChunkReader _chunkReader = new();
    private readonly RtmpChunkWriter _chunkWriter = new();
    private readonly ArrayBufferWriter<byte> _control = new(1024);
    private readonly List<RtmpMessage> _messages = [];
    private readonly Action<RtmpMessage> _onMessage;
    private readonly Channel<byte[]> _outbox = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private string? _closeReason;
    private bool _ended;
    private volatile bool _playing;
    private long _inboundBytes;
    private long _outboundBytes;
    private long _outboundSends;
    private long _lastAcknowledged;
    private uint _peerWindowAckSize;

    public RtmpConnection(TcpConnection connection, PathManager paths, RtmpServerOptions options, ILogger logger)
    {
        _connection = connection;
        _paths = paths;
        _options = options;
        _logger = logger;
        _onMessage = _messages.Add;
    }

    public Guid Id => _connection.Id;

    public string ApiType => _connection.IsTls ? "rtmpsConn" : "rtmpConn";

    public void Kick(string reason)
    {
        _closeReason ??= reason;
        _connection.Abort(reason);
    }

    /// <summary>Whether the socket reads without waiting first (a publisher's; see <see cref="TcpConnection.ReadsContinuously"/>).</summary>
    internal bool ReadsContinuously => _connection.ReadsContinuously;

    public RtmpConnInfo Info => new()
    {
        Id = Id,
        Created = _connection.Created,
        RemoteAddr = _connection.RemoteEndPoint.ToString(),
        State = _state,
        Path = _pathName,
        Query = _query,
        User = _user,
        UserAgent = _flashVer ?? "",
        InboundBytes = Interlocked.Read(ref _inboundBytes),
        OutboundBytes = Interlocked.Read(ref _outboundBytes),
        OutboundFramesDiscarded = _queue?.Dropped ?? 0,
        OutboundSends = Interlocked.Read(ref _outboundSends),
        IsTls = _connection.IsTls,
    };

    /// <summary>Runs the session until the client leaves, misbehaves, or is kicked.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(ct, _connection.Closed);
        var remote = _connection.RemoteEndPoint;
        RtmpLog.Opened(_logger, remote, Id);
        var reason = "the client closed the connection";
        try
        {
            await HandshakeAsync(session.Token).ConfigureAwait(false);
            await ReadLoopAsync(session.Token).ConfigureAwait(false);
            reason = _closeReason ?? reason;
        }
        catch (Exception ex) when (ex is RtmpProtocolException or FlvProtocolException or AmfProtocolException)
        {
            reason = ex.Message;
            RtmpLog.ProtocolError(_logger, remote, reason);
        }
        catch (OperationCanceledException) when (session.IsCancellationRequested || _closeReason is not null)
        {
            reason = _closeReason ?? _connection.AbortReason ?? "the connection was closed";
        }
        catch (OperationCanceledException)
        {
            reason = "read timeout";
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            reason = ex.Message;
        }
        finally
        {
            await session.CancelAsync().ConfigureAwait(false);
            await StopPlayingAsync().ConfigureAwait(false);
            StopPublishing();
            _outbox.Writer.TryComplete();
            RtmpLog.Closed(_logger, remote, reason);
        }
    }

    private async Task ReadLoopAsync(CancellationToken ct)
    {
        var input = _connection.Input;
        using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var progress = true;
        while (!_ended)
        {
            // A player may stay silent for as long as it watches; everyone else must keep talking. The timer restarts
            // only when a whole chunk arrived: a client trickling a byte at a time (slowloris) is closed after readTimeout.
            if (progress)
            {
                readTimeout.CancelAfter(_playing ? Timeout.InfiniteTimeSpan : _options.ReadTimeout);
            }

            var result = await input.ReadAsync(readTimeout.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            long consumed;
            try
            {
                consumed = _chunkReader.ReadMessages(buffer, _onMessage, out var position);
                input.AdvanceTo(position, buffer.End);
            }
            catch
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                throw;
            }

            Interlocked.Add(ref _inboundBytes, consumed);
            progress = consumed > 0;
            foreach (var message in _messages)
            {
                await HandleMessageAsync(message, ct).ConfigureAwait(false);
                if (_ended)
                {
                    break;
                }
            }

            _messages.Clear();
            if (_peerWindowAckSize != 0 && _inboundBytes - _lastAcknowledged >= _peerWindowAckSize)
            {
                _lastAcknowledged = _inboundBytes;
                RtmpControl.WriteAcknowledgement(_chunkWriter, _control, (uint)_inboundBytes);
                await SendControlAsync(ct).ConfigureAwait(false);
            }

            if (result.IsCompleted)
            {
                if (buffer.Length != consumed && !_ended)
                {
                    throw new RtmpProtocolException("the connection closed in the middle of a chunk");
                }

                return;
            }
        }
    }

    private ValueTask HandleMessageAsync(RtmpMessage message, CancellationToken ct)
    {
        switch (message.Type)
        {
            case RtmpMessageType.CommandAmf0 or RtmpMessageType.CommandAmf3:
                return HandleCommandAsync(message, ct);
            case RtmpMessageType.Audio or RtmpMessageType.Video:
                HandleMedia((FlvTagType)message.Type, message.Timestamp, message.Payload, message.StreamId);
                break;
            case RtmpMessageType.Aggregate:
                HandleAggregate(message);
                break;
            case RtmpMessageType.DataAmf0 or RtmpMessageType.DataAmf3:
                HandleData(message);
                break;
            case RtmpMessageType.WindowAckSize:
                _peerWindowAckSize = RtmpControl.ReadUInt32(message);
                break;
            case RtmpMessageType.UserControl:
                var (type, value) = RtmpControl.ReadUserControl(message);
                if (type == RtmpUserControlEvent.PingRequest)
                {
                    RtmpControl.WriteUserControl(_chunkWriter, _control, RtmpUserControlEvent.PingResponse, value);
                    return SendControlAsync(ct);
                }

                break;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Sends what was written into <see cref="_control"/>: directly, or through the play loop once playing.</summary>
    private async ValueTask SendControlAsync(CancellationToken ct)
    {
        if (_control.WrittenCount == 0)
        {
            return;
        }

        if (_playing)
        {
            _outbox.Writer.TryWrite(_control.WrittenSpan.ToArray());
            _control.ResetWrittenCount();
            _playWake.Set();
            return;
        }

        var output = _connection.Output;
        output.Write(_control.WrittenSpan);
        _control.ResetWrittenCount();
        await FlushAsync(output, ct).ConfigureAwait(false);
    }

    private async ValueTask FlushAsync(PipeWriter output, CancellationToken ct)
    {
        if (output.CanGetUnflushedBytes)
        {
            Interlocked.Add(ref _outboundBytes, output.UnflushedBytes);
        }

        Interlocked.Increment(ref _outboundSends);
        var result = await _connection.FlushAsync(ct).ConfigureAwait(false);
        if (result.IsCompleted)
        {
            _ended = true;
        }
    }
}
