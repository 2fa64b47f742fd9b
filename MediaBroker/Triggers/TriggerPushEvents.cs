using MediaBroker.Core;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Triggers;

/// <summary>
/// PUSH_OUT_START (blocking: the answer is the target to use, empty cancels the push) and PUSH_END, for the pushes
/// and forwards that report to <see cref="IPushEvents"/>.
/// </summary>
public sealed class TriggerPushEvents : IPushEvents
{
    private readonly TriggerDispatcher _triggers;
    private readonly ILogger _logger;
    private long _nextId;

    public TriggerPushEvents(TriggerDispatcher triggers, ILogger<TriggerPushEvents> logger)
    {
        _triggers = triggers;
        _logger = logger;
    }

    public async ValueTask<string> PushStartingAsync(string pathName, string targetUrl, CancellationToken ct)
    {
        if (!_triggers.IsConfigured("PUSH_OUT_START", pathName))
        {
            return targetUrl;
        }

        var target = await _triggers.RewriteAsync("PUSH_OUT_START", pathName, targetUrl, t => TriggerPayload.PushOutStart(pathName, t), ct).ConfigureAwait(false);
        if (target != targetUrl)
        {
            TriggersLog.PushStart(_logger, pathName, targetUrl, target.Length == 0 ? "cancelled" : "rewritten to '" + target + "'");
        }

        return target;
    }

    public void PushEnded(string pathName, string configuredUrl, string usedUrl, string? error)
    {
        if (_triggers.IsConfigured("PUSH_END", pathName))
        {
            // The id numbers the pushes this broker saw end.
            _triggers.Fire("PUSH_END", pathName, TriggerPayload.PushEnd(Interlocked.Increment(ref _nextId), pathName, configuredUrl, usedUrl, error));
        }
    }
}
