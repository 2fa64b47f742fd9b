using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using MediaBroker.Conf;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Triggers;

/// <summary>
/// Fires triggers: finds the <c>triggers</c> items of the configuration in force (read at each event, so a reload
/// applies to the next event), runs blocking ones and waits for them (at most <c>triggersTimeout</c>, after which
/// the item's <c>default</c> is its answer), and starts non-blocking ones in the background, at most
/// <see cref="MaxInFlight"/> at a time (more are skipped and counted). Never called under a lock.
/// </summary>
public sealed class TriggerDispatcher : IAsyncDisposable
{
    public const int MaxInFlight = 64;

    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);
    private readonly Func<BrokerConf> _conf;
    private readonly TriggerHandlerRunner _runner;
    private readonly TriggerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _background = new();
    private readonly ConcurrentDictionary<string, long> _lastLog = new(StringComparer.Ordinal);
    private int _inFlight;
    private volatile bool _stopped;

    public TriggerDispatcher(Func<BrokerConf> conf, TriggerHandlerRunner runner, TriggerMetrics metrics, ILogger<TriggerDispatcher> logger)
    {
        _conf = conf;
        _runner = runner;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Whether any item of <paramref name="trigger"/> applies to <paramref name="stream"/> (null: a global event).</summary>
    public bool IsConfigured(string trigger, string? stream)
    {
        if (_stopped)
        {
            return false;
        }

        foreach (var item in _conf().Triggers)
        {
            if (Applies(item, trigger, stream))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Fires a trigger that can refuse: true when every blocking item answered positively (or there is none).
    /// Non-blocking items are started and not waited for.
    /// </summary>
    public async ValueTask<bool> DecideAsync(string trigger, string? stream, string payload, CancellationToken ct)
    {
        var (conf, items) = Match(trigger, stream);
        List<Task<string>>? waits = null;
        foreach (var item in items)
        {
            if (item.Sync)
            {
                (waits ??= []).Add(RunBlockingAsync(item, trigger, payload, conf.TriggersTimeout, ct));
            }
            else
            {
                Launch(item, trigger, payload, conf.TriggersTimeout);
            }
        }

        if (waits is null)
        {
            return true;
        }

        var answers = await Task.WhenAll(waits).ConfigureAwait(false);
        return answers.All(TriggerResponse.IsPositive);
    }

    /// <summary>
    /// Fires a rewrite trigger: each blocking item in turn gets the payload of the current value and answers the new
    /// one. Returns the final value ("" when an item answered nothing: refuse), or <paramref name="current"/> when no
    /// item applies.
    /// </summary>
    public async ValueTask<string> RewriteAsync(string trigger, string? stream, string current, Func<string, string> payloadOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(payloadOf);
        var (conf, items) = Match(trigger, stream);
        var value = current;
        foreach (var item in items)
        {
            if (!item.Sync)
            {
                Launch(item, trigger, payloadOf(value), conf.TriggersTimeout);
                continue;
            }

            value = TriggerResponse.RewriteValue(await RunBlockingAsync(item, trigger, payloadOf(value), conf.TriggersTimeout, ct).ConfigureAwait(false));
            if (value.Length == 0)
            {
                return "";
            }
        }

        return value;
    }

    /// <summary>Fires a notification: every item runs in the background and nobody waits for an answer.</summary>
    public void Fire(string trigger, string? stream, string payload)
    {
        var (conf, items) = Match(trigger, stream);
        foreach (var item in items)
        {
            Launch(item, trigger, payload, conf.TriggersTimeout);
        }
    }

    /// <summary>Runs <paramref name="work"/> (a decision and what follows it) in the background, observed and awaited on shutdown.</summary>
    public void Background(Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Track(Task.Run(() => work(_stopping.Token)));
    }

    /// <summary>After SYSTEM_STOP: like MistServer after a clean shutdown, no trigger fires any more.</summary>
    public void Stop() => _stopped = true;

    /// <summary>Waits (at most <paramref name="timeout"/>) for the handlers running in the background.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        var running = _background.Keys.ToArray();
        if (running.Length > 0)
        {
            await Task.WhenAny(Task.WhenAll(running), Task.Delay(timeout)).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopped = true;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await DrainAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static bool Applies(TriggerConf item, string trigger, string? stream) =>
        item.Trigger == trigger && (stream is null || item.Streams.IsEmpty || item.Streams.Contains(stream));

    private (BrokerConf Conf, List<TriggerConf> Items) Match(string trigger, string? stream)
    {
        var conf = _conf();
        var items = new List<TriggerConf>();
        if (!_stopped)
        {
            foreach (var item in conf.Triggers)
            {
                if (Applies(item, trigger, stream))
                {
                    items.Add(item);
                }
            }
        }

        return (conf, items);
    }

    private async Task<string> RunBlockingAsync(TriggerConf item, string trigger, string payload, TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, _stopping.Token);
        cts.CancelAfter(timeout);
        var start = Stopwatch.GetTimestamp();
        try
        {
            var answer = await _runner.RunAsync(trigger, item.Handler, payload, wantResponse: true, cts.Token).ConfigureAwait(false);
            _metrics.Ran(trigger, start, failed: false);
            return answer;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _metrics.Ran(trigger, start, failed: true);
            throw;
        }
        catch (Exception ex) when (IsHandlerFailure(ex))
        {
            _metrics.Ran(trigger, start, failed: true);
            LogFailure(trigger, item, ex is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0.###}s" : ex.Message);
            return item.Default;
        }
    }

    private void Launch(TriggerConf item, string trigger, string payload, TimeSpan timeout)
    {
        var count = Interlocked.Increment(ref _inFlight);
        if (count > MaxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            _metrics.Dropped(trigger);
            if (ShouldLog("dropped " + trigger))
            {
                TriggersLog.Dropped(_logger, trigger, MaxInFlight);
            }

            return;
        }

        Track(Task.Run(() => RunDetachedAsync(item, trigger, payload, timeout)));
    }

    private async Task RunDetachedAsync(TriggerConf item, string trigger, string payload, TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        cts.CancelAfter(timeout);
        var start = Stopwatch.GetTimestamp();
        try
        {
            await _runner.RunAsync(trigger, item.Handler, payload, wantResponse: false, cts.Token).ConfigureAwait(false);
            _metrics.Ran(trigger, start, failed: false);
        }
        catch (Exception ex) when (IsHandlerFailure(ex))
        {
            _metrics.Ran(trigger, start, failed: true);
            if (!_stopping.IsCancellationRequested)
            {
                LogFailure(trigger, item, ex is OperationCanceledException ? $"still running after {timeout.TotalSeconds:0.###}s, stopped" : ex.Message);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private void Track(Task task)
    {
        _background.TryAdd(task, 0);
        _ = task.ContinueWith(static (t, state) =>
        {
            ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _);
            _ = t.Exception; // Observed: the work catches what it expects; anything else is a bug already reported by the runtime.
        }, _background, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private static bool IsHandlerFailure(Exception ex) =>
        ex is TriggerHandlerException or OperationCanceledException or IOException or Win32Exception or InvalidOperationException
            or HttpRequestException or UriFormatException;

    private void LogFailure(string trigger, TriggerConf item, string reason)
    {
        if (ShouldLog(trigger + "\n" + item.Handler))
        {
            TriggersLog.HandlerFailed(_logger, trigger, item.Handler, reason, item.Default);
        }
    }

    /// <summary>A failing handler is reported at most once per <see cref="LogInterval"/>, not once per event.</summary>
    private bool ShouldLog(string key)
    {
        var now = Environment.TickCount64;
        var last = _lastLog.GetOrAdd(key, long.MinValue / 2);
        return now - last >= (long)LogInterval.TotalMilliseconds && _lastLog.TryUpdate(key, now, last);
    }
}
