using MediaBroker.Core;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Forward;

/// <summary>
/// One destination of one path's stream (a <c>forward</c> item, or a push started by API or rule): before each attempt
/// every <see cref="IPushEvents.PushStartingAsync"/> may rewrite the URL or cancel the attempt, then the pusher of the
/// first <see cref="IStreamPusherFactory"/> that knows the URL's scheme runs; a failed attempt is retried with
/// <see cref="PushBackoff"/> while the stream lives. Ends when the stream ends or <see cref="StopAsync"/> is called.
/// Each attempt that ran is reported by <see cref="IPushEvents.PushEnded"/>. State changes are logged once, so a
/// destination that stays down does not fill the log.
/// </summary>
public sealed class PushSession
{
    /// <summary>How often the back-off wait checks that the stream still lives (the stream has no end signal of its own).</summary>
    private static readonly TimeSpan s_streamCheck = TimeSpan.FromMilliseconds(250);

    private readonly IReadOnlyList<IStreamPusherFactory> _factories;
    private readonly IReadOnlyList<IPushEvents> _events;
    private readonly ILogger _logger;
    private readonly PushBackoff _backoff;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _cts = new();
    private readonly Lock _gate = new();
    private Task _run = Task.CompletedTask;
    private PushState _state = PushState.Idle;
    private string? _lastError;
    private string? _loggedError;
    private string _protocol;
    private long _previousBytes;
    private StreamPushContext? _attempt;
    private long _sendingSince;
    private string? _stopReason;

    public PushSession(string pathName, MediaStream stream, StreamPushTarget target, IEnumerable<IStreamPusherFactory> factories,
        IEnumerable<IPushEvents> events, ILogger logger, PushBackoff? backoff = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(factories);
        ArgumentNullException.ThrowIfNull(events);
        PathName = pathName;
        Stream = stream;
        Target = target;
        _factories = [.. factories];
        _events = [.. events];
        _logger = logger;
        _backoff = backoff ?? PushBackoff.Default;
        _time = time ?? TimeProvider.System;
        Created = _time.GetUtcNow().UtcDateTime;
        _protocol = ProtocolOf(target.Url) ?? SchemeOf(target.Url);
    }

    public Guid Id { get; } = Guid.NewGuid();

    public string PathName { get; }

    public MediaStream Stream { get; }

    /// <summary>The destination as configured (after variable substitution, before any rewrite by a push event).</summary>
    public StreamPushTarget Target { get; }

    public DateTime Created { get; }

    /// <summary>rtmp, rtmps, rtsp, srt, whip, file...: the protocol of the last attempt's URL (its scheme when no pusher knows it).</summary>
    public string Protocol
    {
        get
        {
            lock (_gate)
            {
                return _protocol;
            }
        }
    }

    public PushState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Why the last attempt failed; null until one failed.</summary>
    public string? LastError
    {
        get
        {
            lock (_gate)
            {
                return _lastError;
            }
        }
    }

    /// <summary>Bytes sent to the destination, over every attempt.</summary>
    public long OutboundBytes
    {
        get
        {
            lock (_gate)
            {
                return _previousBytes + (_attempt?.OutboundBytes ?? 0);
            }
        }
    }

    /// <summary>Completes when the session ended (stream ended or stopped).</summary>
    public Task Completion => _run;

    /// <summary>Starts the attempt loop. <paramref name="onEnded"/> runs once when the session ends, on its own.</summary>
    public void Start(Action<PushSession>? onEnded = null)
    {
        ForwardLog.Started(_logger, PathName, Redact(Target.Url));
        _run = Task.Run(() => RunAsync(onEnded), CancellationToken.None);
    }

    /// <summary>Stops the current attempt and waits for the session to end.</summary>
    public Task StopAsync(string reason = "stopped")
    {
        Interlocked.CompareExchange(ref _stopReason, reason, null);
        _cts.Cancel();
        return _run;
    }

    /// <summary>The protocol name of the first factory that knows <paramref name="url"/>, or null.</summary>
    private string? ProtocolOf(string url)
    {
        foreach (var f in _factories)
        {
            if (f.ProtocolOf(url) is { } p)
            {
                return p;
            }
        }

        return null;
    }

    private async Task RunAsync(Action<PushSession>? onEnded)
    {
        var ct = _cts.Token;
        var delay = TimeSpan.Zero;
        var reason = "the stream ended";
        try
        {
            while (!ct.IsCancellationRequested && !Stream.IsClosed)
            {
                var (error, sendingFor) = await AttemptAsync(ct).ConfigureAwait(false);
                if (ct.IsCancellationRequested || Stream.IsClosed)
                {
                    break;
                }

                delay = _backoff.Next(delay, sendingFor);
                if (error is not null)
                {
                    SetError(error, delay);
                }

                await WaitAsync(delay, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            if (ct.IsCancellationRequested)
            {
                reason = Volatile.Read(ref _stopReason) ?? "stopped";
            }

            lock (_gate)
            {
                _state = PushState.Idle;
            }

            ForwardLog.Stopped(_logger, PathName, Redact(Target.Url), reason);
            onEnded?.Invoke(this);
        }
    }

    /// <summary>One attempt: returns its error (null when the event handlers cancelled it) and how long it was sending.</summary>
    private async Task<(string? Error, TimeSpan SendingFor)> AttemptAsync(CancellationToken ct)
    {
        var url = Target.Url;
        foreach (var e in _events)
        {
            try
            {
                url = await e.PushStartingAsync(PathName, url, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A broken observer must not stop the push: it keeps the URL it was given.
                ForwardLog.EventFailed(_logger, PathName, Redact(Target.Url), ex.Message);
            }

            if (string.IsNullOrEmpty(url))
            {
                ForwardLog.AttemptCancelled(_logger, PathName, Redact(Target.Url));
                return (null, TimeSpan.Zero);
            }
        }

        var protocol = ProtocolOf(url);
        if (protocol is null)
        {
            var scheme = SchemeOf(url);
            lock (_gate)
            {
                _protocol = scheme;
            }

            return ($"no pusher for scheme {scheme}", TimeSpan.Zero);
        }

        var context = new StreamPushContext(PathName, Stream, _logger, SetSending, SetTracksLeftOut);
        lock (_gate)
        {
            _protocol = protocol;
            _attempt = context;
            _sendingSince = 0;
        }

        string? error = null;
        try
        {
            var pusher = CreatePusher(protocol, url);
            await pusher.RunAsync(context, ct).ConfigureAwait(false);
            if (!Stream.IsClosed && !ct.IsCancellationRequested)
            {
                error = "the destination closed the connection";
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The pusher contract: a failure or refusal is an exception with a readable message.
            error = ex.Message;
        }

        TimeSpan sendingFor;
        lock (_gate)
        {
            _previousBytes += context.OutboundBytes;
            _attempt = null;
            sendingFor = _sendingSince == 0 ? TimeSpan.Zero : _time.GetElapsedTime(_sendingSince);
        }

        foreach (var e in _events)
        {
            try
            {
                e.PushEnded(PathName, Target.Url, url, error);
            }
            catch (Exception ex)
            {
                ForwardLog.EventFailed(_logger, PathName, Redact(Target.Url), ex.Message);
            }
        }

        return (error, sendingFor);
    }

    private IStreamPusher CreatePusher(string protocol, string url)
    {
        var target = Target with { Url = url };
        foreach (var f in _factories)
        {
            if (f.ProtocolOf(url) == protocol)
            {
                return f.Create(target);
            }
        }

        throw new InvalidOperationException($"no pusher for {protocol}");
    }

    private void SetSending()
    {
        bool changed;
        lock (_gate)
        {
            changed = _state != PushState.Forwarding;
            _state = PushState.Forwarding;
            _sendingSince = _time.GetTimestamp();
            _loggedError = null;
        }

        if (changed)
        {
            ForwardLog.Forwarding(_logger, PathName, Redact(Target.Url), Protocol);
        }
    }

    /// <summary>Not a failure: the state stays, the API's lastError says which tracks the destination does not get.</summary>
    private void SetTracksLeftOut(string message)
    {
        lock (_gate)
        {
            _lastError = message;
        }
    }

    private void SetError(string error, TimeSpan delay)
    {
        bool log;
        lock (_gate)
        {
            _state = PushState.Error;
            _lastError = error;

            // One warning per distinct failure until the destination works again.
            log = _loggedError != error;
            _loggedError = error;
        }

        if (log)
        {
            ForwardLog.Failed(_logger, PathName, Redact(Target.Url), error);
        }
        else
        {
            ForwardLog.Retrying(_logger, PathName, Redact(Target.Url), error, delay);
        }
    }

    /// <summary>Waits <paramref name="delay"/>, returning early when the stream ends.</summary>
    private async Task WaitAsync(TimeSpan delay, CancellationToken ct)
    {
        var end = _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency);
        while (!Stream.IsClosed)
        {
            var left = TimeSpan.FromSeconds((double)(end - _time.GetTimestamp()) / _time.TimestampFrequency);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(left < s_streamCheck ? left : s_streamCheck, _time, ct).ConfigureAwait(false);
        }
    }

    private static string SchemeOf(string url) =>
        url.IndexOf("://", StringComparison.Ordinal) is var i and > 0 ? url[..i].ToLowerInvariant() : "";

    /// <summary>The URL without credentials or query (stream keys in a query, user:pass@) for logs.</summary>
    public static string Redact(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var s = url;
        var q = s.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            s = s[..q];
        }

        var scheme = s.IndexOf("://", StringComparison.Ordinal);
        var at = s.IndexOf('@', StringComparison.Ordinal);
        var slash = scheme < 0 ? -1 : s.IndexOf('/', scheme + 3);
        if (scheme >= 0 && at > scheme && (slash < 0 || at < slash))
        {
            s = s[..(scheme + 3)] + s[(at + 1)..];
        }

        return s;
    }
}
