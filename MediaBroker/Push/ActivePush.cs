using MediaBroker.Core;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Push;

/// <summary>
/// One running push: one stream of one path to one target. Connects through its factory's pusher and, when the
/// destination fails, retries with back-off (1, 2, 4... up to 10 s) while the same stream is live; a file push does not
/// retry (a new attempt would replace the file). Ends when the stream ends, when it is stopped, or when a
/// PUSH_OUT_START observer cancels it.
/// </summary>
internal sealed class ActivePush
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly MediaPath _path;
    private readonly IStreamPusherFactory _factory;
    private readonly IReadOnlyList<IPushEvents> _events;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _cts = new();
    private StreamPushContext? _context;
    private long _previousBytes;
    private volatile string _state = "idle";
    private volatile string? _lastError;
    private readonly string _substituted;
    private volatile string _resolved;

    public ActivePush(int id, MediaPath path, MediaStream stream, string target, string resolved, string protocol, bool auto,
        IStreamPusherFactory factory, IReadOnlyList<IPushEvents> events, ILogger logger, DateTime created)
    {
        Id = id;
        _path = path;
        Stream = stream;
        Target = target;
        _substituted = resolved;
        _resolved = resolved;
        Protocol = protocol;
        Auto = auto;
        _factory = factory;
        _events = events;
        _logger = logger;
        Created = created;
    }

    public int Id { get; }

    public string PathName => _path.Name;

    /// <summary>The stream this push sends; it ends with it.</summary>
    public MediaStream Stream { get; }

    public string Target { get; }

    public string Protocol { get; }

    public bool Auto { get; }

    public DateTime Created { get; }

    public Task Completion { get; private set; } = Task.CompletedTask;

    public PushInfo Info => new(Id, _path.Name, Target, _resolved, Protocol, _state, _lastError,
        Interlocked.Read(ref _previousBytes) + (Volatile.Read(ref _context)?.OutboundBytes ?? 0), Created, Auto);

    public void Start(Action<ActivePush> onEnded)
    {
        PushLog.Started(_logger, Id, _path.Name, _resolved, Auto ? " (auto-push)" : "");
        Completion = Task.Run(() => RunAsync(onEnded), CancellationToken.None);
    }

    public Task StopAsync()
    {
        _cts.Cancel();
        return Completion;
    }

    private async Task RunAsync(Action<ActivePush> onEnded)
    {
        var ct = _cts.Token;
        var reason = "stopped";
        string? error = null;
        var backoff = TimeSpan.FromSeconds(1);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (!ReferenceEquals(_path.Stream, Stream) || Stream.IsClosed)
                {
                    reason = "the stream ended";
                    break;
                }

                var url = _substituted;
                foreach (var observer in _events)
                {
                    url = await observer.PushStartingAsync(_path.Name, url, ct).ConfigureAwait(false);
                    if (url.Length == 0)
                    {
                        break;
                    }
                }

                if (url.Length == 0)
                {
                    reason = error = "cancelled by a PUSH_OUT_START observer";
                    break;
                }

                _resolved = url;
                if (await AttemptAsync(url, ct).ConfigureAwait(false) is not { } failure)
                {
                    reason = ct.IsCancellationRequested ? "stopped" : "the stream ended";
                    error = null;
                    break;
                }

                error = failure;
                var retry = Protocol != "file";
                PushLog.Failed(_logger, Id, _path.Name, url, failure, retry ? $" (retrying in {backoff.TotalSeconds:0} s)" : "");
                if (!retry)
                {
                    reason = failure;
                    break;
                }

                await Task.Delay(backoff, ct).ConfigureAwait(false);
                backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            reason = "stopped";
            error = null;
        }
        finally
        {
            PushLog.Ended(_logger, Id, _path.Name, reason);
            foreach (var observer in _events)
            {
                observer.PushEnded(_path.Name, _resolved, error);
            }

            onEnded(this);
        }
    }

    /// <summary>One connection; null when it ended with the stream or was stopped, else the reason it failed.</summary>
    private async Task<string?> AttemptAsync(string url, CancellationToken ct)
    {
        _state = "idle";
        IStreamPusher pusher;
        try
        {
            pusher = _factory.Create(new StreamPushTarget(url));
        }
        catch (ArgumentException ex)
        {
            _state = "error";
            _lastError = ex.Message;
            return ex.Message;
        }

        var context = new StreamPushContext(_path.Name, Stream, _logger, () =>
        {
            _state = "forwarding";
            PushLog.Sending(_logger, Id, _path.Name, url);
        });
        Volatile.Write(ref _context, context);
        try
        {
            await pusher.RunAsync(context, ct).ConfigureAwait(false);
            _state = "idle";
            return null;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Any failure of a destination (socket, refusal, disk, codec) is this push's error, never the server's.
            _state = "error";
            _lastError = ex.Message;
            return ex.Message;
        }
        finally
        {
            Interlocked.Add(ref _previousBytes, context.OutboundBytes);
            Volatile.Write(ref _context, null);
        }
    }
}
