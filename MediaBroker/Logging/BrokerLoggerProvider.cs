using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Logging;

/// <summary>
/// MediaMTX-compatible log output on Microsoft.Extensions.Logging: text lines
/// (<c>2026/11/22 01:07:17 INF [RTSP] [conn 127.0.0.1:5000] message</c>) or JSON lines, to stdout, a file and/or
/// syslog. Callers only format and enqueue; one background writer does all I/O, so logging never blocks a session.
/// Beyond <see cref="MaxPending"/> queued lines, new lines are dropped and counted (reported in one warning).
/// </summary>
public sealed class BrokerLoggerProvider : ILoggerProvider, ISupportExternalScope, IAsyncDisposable
{
    internal const int MaxPending = 16384;
    private static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _clock;
    private readonly TextWriter _stdout;
    private readonly ConcurrentDictionary<string, BrokerLogger> _loggers = new(StringComparer.Ordinal);
    private readonly Channel<LogItem> _queue = Channel.CreateUnbounded<LogItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
    private Settings _settings;
    private int _pending;
    private long _dropped;

    /// <param name="options">Invalid options or an unwritable log file throw <see cref="ArgumentException"/> / <see cref="IOException"/>.</param>
    /// <param name="clock">Timestamps use its local time (tests pass a fixed clock).</param>
    /// <param name="stdout">Where the stdout destination writes (tests pass a StringWriter).</param>
    public BrokerLoggerProvider(LogOptions options, TimeProvider? clock = null, TextWriter? stdout = null)
    {
        _clock = clock ?? TimeProvider.System;
        _stdout = stdout ?? new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false));
        _settings = Apply(options);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>The recent entries and live listeners (the dashboard's log page); fed by the writer, not the callers.</summary>
    internal LogFeed Feed { get; } = new();

    internal IExternalScopeProvider Scopes => Volatile.Read(ref _scopes);
    internal LogLevel MinLevel => Volatile.Read(ref _settings).MinLevel;
    internal bool Structured => Volatile.Read(ref _settings).Structured;

    internal DateTimeOffset Now() => _clock.GetLocalNow();

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, static (c, p) => new BrokerLogger(c, p), this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => Volatile.Write(ref _scopes, scopeProvider);

    /// <summary>
    /// Applies new log settings (the log keys are hot-reloadable). Invalid ones throw and the current ones stay.
    /// Lines already queued are written with the old destinations.
    /// </summary>
    public void Reload(LogOptions options) => Volatile.Write(ref _settings, Apply(options));

    /// <summary>Completes once every line queued before the call has been written and flushed.</summary>
    public Task FlushAsync(CancellationToken ct = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new LogItem { Flushed = done }))
        {
            return Task.CompletedTask;
        }

        return done.Task.WaitAsync(ct);
    }

    internal void Enqueue(LogEntry entry)
    {
        if (Interlocked.Increment(ref _pending) > MaxPending)
        {
            Interlocked.Decrement(ref _pending);
            Interlocked.Increment(ref _dropped);
            return;
        }

        if (!_queue.Writer.TryWrite(new LogItem { Entry = entry }))
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    /// <summary>Flushes what is queued (waiting at most 5 s) and closes the destinations.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();

        // ILoggerProvider.Dispose is synchronous by contract; the host calls it once, at shutdown.
        _writer.Wait(DisposeTimeout);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(DisposeTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Shutdown must not hang on a stuck destination (a full disk, a hung NFS mount).
        }
    }

    private Settings Apply(LogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (!errors.IsEmpty)
        {
            throw new ArgumentException("invalid log settings: " + string.Join("; ", errors), nameof(options));
        }

        LogOptions.TryParseLevel(options.Level, out var level);
        var sinks = ImmutableArray.CreateBuilder<ILogSink>();
        LogEntry? warning = null;
        if (options.HasDestination("stdout"))
        {
            sinks.Add(new TextLogSink(_stdout, ownsWriter: false, options.Structured));
        }

        if (options.HasDestination("file"))
        {
            // Opened here, not in the writer, so that an unwritable logFile fails the (re)load visibly.
            sinks.Add(TextLogSink.OpenFile(options.File, options.Structured));
        }

        if (options.HasDestination("syslog"))
        {
            if (SyslogLogSink.TryOpen(options.SysLogSocket, options.SysLogPrefix, out var error) is { } syslog)
            {
                sinks.Add(syslog);
            }
            else
            {
                warning = new LogEntry(Now(), LogLevel.Warning, "MediaBroker.Logging", 0, "",
                    $"syslog is not available ({error}), skipping that destination", null, null);
            }
        }

        var fallback = warning is not null && !options.HasDestination("stdout") ? new TextLogSink(_stdout, ownsWriter: false, false) : null;
        _queue.Writer.TryWrite(new LogItem { Sinks = sinks.ToImmutable(), Warning = warning, WarningFallback = fallback });
        return new Settings(level, options.Structured);
    }

    private async Task WriteLoopAsync()
    {
        var sinks = ImmutableArray<ILogSink>.Empty;
        try
        {
            while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (_queue.Reader.TryRead(out var item))
                {
                    if (item.Entry is { } entry)
                    {
                        Interlocked.Decrement(ref _pending);
                        Write(sinks, entry);
                        Feed.Add(entry);
                    }
                    else if (!item.Sinks.IsDefault)
                    {
                        Flush(sinks);
                        Close(sinks);
                        sinks = item.Sinks;
                        if (item.Warning is { } w)
                        {
                            Write(sinks, w);
                            if (item.WarningFallback is { } fallback)
                            {
                                Write([fallback], w);
                                fallback.Dispose();
                            }
                        }
                    }
                    else if (item.Flushed is { } flushed)
                    {
                        ReportDropped(sinks);
                        Flush(sinks);
                        flushed.TrySetResult();
                    }
                }

                ReportDropped(sinks);
                Flush(sinks);
            }
        }
        finally
        {
            Close(sinks);
        }
    }

    private void ReportDropped(ImmutableArray<ILogSink> sinks)
    {
        var dropped = Interlocked.Exchange(ref _dropped, 0);
        if (dropped > 0)
        {
            Write(sinks, new LogEntry(Now(), LogLevel.Warning, "MediaBroker.Logging", 0, "",
                $"logging too fast: {dropped} lines were dropped", null, null));
        }
    }

    private static void Write(ImmutableArray<ILogSink> sinks, LogEntry entry)
    {
        foreach (var sink in sinks)
        {
            try
            {
                sink.Write(entry);
            }
            catch (IOException)
            {
                // A full disk or a closed stdout loses lines on that destination only.
            }
        }
    }

    private static void Flush(ImmutableArray<ILogSink> sinks)
    {
        foreach (var sink in sinks)
        {
            try
            {
                sink.Flush();
            }
            catch (IOException)
            {
                // Same as Write: never let one destination stop the writer.
            }
        }
    }

    private static void Close(ImmutableArray<ILogSink> sinks)
    {
        foreach (var sink in sinks)
        {
            try
            {
                sink.Dispose();
            }
            catch (IOException)
            {
                // Closing is best effort.
            }
        }
    }

    private sealed record Settings(LogLevel MinLevel, bool Structured);

    /// <summary>What the writer is asked to do: write an entry, switch destinations, or report a flush.</summary>
    private readonly record struct LogItem
    {
        public LogEntry? Entry { get; init; }
        public ImmutableArray<ILogSink> Sinks { get; init; }
        public LogEntry? Warning { get; init; }
        public TextLogSink? WarningFallback { get; init; }
        public TaskCompletionSource? Flushed { get; init; }
    }
}
