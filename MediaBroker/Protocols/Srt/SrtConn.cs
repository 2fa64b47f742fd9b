using System.Net;
using MediaBroker.Core;
using MediaBroker.Formats.MpegTs;
using MediaBroker.Logging;
using MediaBroker.Streams.MpegTs;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Protocols.Srt;

/// <summary>
/// One accepted SRT connection: a publisher (MPEG-TS in, demuxed into the path) or a reader (the path's
/// shared MPEG-TS mux out, 7 × 188 bytes per message). Runs as one task on the thread pool; readiness
/// comes from the shared poll thread.
/// </summary>
internal sealed class SrtConn : IPathPublisher, IPathReader
{
    private const int ReceiveBufferSize = 1500; // above SRT_LIVE_MAX_PLSIZE (1456)

    private readonly SrtHandshake _handshake;
    private readonly SrtSocket _socket;
    private readonly PathManager _paths;
    private readonly SrtServerOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _cts;
    private readonly Action<SrtConn> _onClosed;
    private ReaderQueue<TsChunk>? _queue;
    private volatile string _state = "idle";

    public SrtConn(SrtHandshake handshake, SrtSocket socket, PathManager paths, SrtServerOptions options, ILogger logger, CancellationToken serverStopping, Action<SrtConn> onClosed)
    {
        _onClosed = onClosed;
        _handshake = handshake;
        _socket = socket;
        _paths = paths;
        _options = options;
        _logger = logger;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(serverStopping, socket.Broken);
    }

    public string ApiType => "srtConn";

    public Guid Id => _handshake.Id;

    public DateTime Created { get; } = DateTime.UtcNow;

    public IPEndPoint? Remote => _handshake.Remote;

    public SrtStreamId StreamId => _handshake.StreamId;

    public Task? Completion { get; private set; }

    public void Start() => Completion = Task.Run(RunAsync);

    public void Kick(string reason)
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public SrtConnInfo Describe()
    {
        var stats = _socket.ReadStats();
        return SrtConnInfo.Create(Id, Created, Remote?.ToString() ?? "", _state, StreamId.Path, StreamId.Query, StreamId.User, in stats, _queue?.Dropped ?? 0);
    }

    private async Task RunAsync()
    {
        var ct = _cts.Token;
        var reason = "closed";
        using var scope = _logger.BeginScope(LogScope.Session("conn " + Remote));
        try
        {
            SrtLog.Opened(_logger, Remote, StreamId.ToString());
            if (_handshake.PendingAuth is { } pending && await pending.WaitAsync(ct).ConfigureAwait(false) != AuthDecision.Allowed)
            {
                reason = "authentication failed";
                return;
            }

            reason = StreamId.Mode == SrtStreamMode.Publish ? await PublishAsync(ct).ConfigureAwait(false) : await ReadAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            reason = _socket.Broken.IsCancellationRequested ? "the connection was lost" : "terminated";
        }
        catch (Exception ex) when (ex is SrtException or TimeoutException)
        {
            reason = ex.Message;
        }
        catch (Exception ex)
        {
            SrtLog.SessionCrashed(_logger, Remote, ex);
            reason = ex.Message;
        }
        finally
        {
            _socket.Dispose();
            _onClosed(this);
            SrtLog.Closed(_logger, Remote, reason);
            _cts.Dispose();
        }
    }

    private async Task<string> PublishAsync(CancellationToken ct)
    {
        var result = await _paths.AddPublisherAsync(_handshake.Access, this, ct).ConfigureAwait(false);
        if (!result.IsOk)
        {
            return result.Message ?? result.Status.ToString();
        }

        using var lease = result.Value!;
        _state = "publish";
        SrtLog.Publishing(_logger, Remote, StreamId.Path);
        var ingest = new MpegTsIngest(lease.StartStream, _logger, "conn " + Remote);
        var buffer = new byte[ReceiveBufferSize];
        while (true)
        {
            var n = await _socket.ReceiveAsync(buffer, _options.ReadTimeout, ct).ConfigureAwait(false);
            ingest.Push(buffer.AsSpan(0, n));
        }
    }

    private async Task<string> ReadAsync(CancellationToken ct)
    {
        var result = await _paths.AddReaderAsync(_handshake.Access, this, ct).ConfigureAwait(false);
        if (!result.IsOk)
        {
            return result.Message ?? result.Status.ToString();
        }

        using var lease = result.Value!;
        var encoder = lease.Stream.GetOrAddEncoder(new MpegTsEncoderKey());
        var queue = encoder.Subscribe("srtConn " + Remote);
        _queue = queue;
        _state = "read";
        SrtLog.Reading(_logger, Remote, StreamId.Path, encoder.Tracks.Count);
        try
        {
            var reader = queue.Reader;
            while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (reader.TryRead(out var chunk))
                {
                    foreach (var message in chunk.Messages())
                    {
                        await _socket.SendAsync(message, _options.WriteTimeout, ct).ConfigureAwait(false);
                    }
                }
            }

            return "the stream ended";
        }
        finally
        {
            encoder.Unsubscribe(queue);
        }
    }
}
