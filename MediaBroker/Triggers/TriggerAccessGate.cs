using MediaBroker.Conf;
using MediaBroker.Core;
using Microsoft.Extensions.Logging;

namespace MediaBroker.Triggers;

/// <summary>
/// Wraps the path authorizer: once the auth service allowed a request, CONN_OPEN (a connection's first request),
/// STREAM_PUSH (a publish) or USER_NEW then CONN_PLAY (a read) may still refuse it. A refusal is an auth denial, so
/// every protocol answers it as one (RTSP 401/403, RTMP NetStream.*.Unauthorized, HTTP 401/403, SRT reject).
/// Answers are kept per connection (and viewer sessions for <see cref="SessionLifetime"/>) so that a protocol that
/// asks twice fires each trigger once.
/// </summary>
public sealed class TriggerAccessGate : IPathAuthorizer
{
    /// <summary>MistServer keeps a viewer session about ten minutes; USER_NEW fires again after that.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromMinutes(10);

    private readonly IPathAuthorizer _inner;
    private readonly TriggerDispatcher _triggers;
    private readonly TriggerConnections _connections;
    private readonly Func<BrokerConf> _conf;
    private readonly ILogger _logger;
    private readonly TriggerDecisionCache _sessions = new();

    public TriggerAccessGate(IPathAuthorizer inner, TriggerDispatcher triggers, TriggerConnections connections, Func<BrokerConf> conf,
        ILogger<TriggerAccessGate> logger)
    {
        _inner = inner;
        _triggers = triggers;
        _connections = connections;
        _conf = conf;
        _logger = logger;
    }

    public async ValueTask<AuthDecision> AuthorizeAsync(AccessRequest access, PathAction action, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(access);
        var decision = await _inner.AuthorizeAsync(access, action, ct).ConfigureAwait(false);
        if (decision != AuthDecision.Allowed)
        {
            return decision;
        }

        var refusedBy = await CheckAsync(access, action, ct).ConfigureAwait(false);
        if (refusedBy is null)
        {
            return AuthDecision.Allowed;
        }

        TriggersLog.Refused(_logger, refusedBy, action == PathAction.Publish ? "a publish" : "a read", access.Path, access.RemoteIp.ToString());
        return AuthDecision.Denied;
    }

    /// <summary>The trigger that refused, or null.</summary>
    private async ValueTask<string?> CheckAsync(AccessRequest access, PathAction action, CancellationToken ct)
    {
        var conf = _conf();
        var connection = _connections.Find(access.ConnectionId);
        if (connection is not null)
        {
            var payload = TriggerPayload.Connection(access, conf);
            connection.Open(access, payload);
            if (!await OnceAsync(connection, null, "CONN_OPEN", null, "CONN_OPEN", access.Path, payload, ct).ConfigureAwait(false))
            {
                return "CONN_OPEN";
            }
        }

        if (action == PathAction.Publish)
        {
            var key = "STREAM_PUSH\n" + access.Path;
            return await OnceAsync(connection, null, key, null, "STREAM_PUSH", access.Path, TriggerPayload.Connection(access, conf), ct).ConfigureAwait(false)
                ? null
                : "STREAM_PUSH";
        }

        var session = TriggerPayload.SessionId(access);
        connection?.AddSession(session, access);
        if (!await OnceAsync(connection, _sessions, "USER_NEW\n" + session, connection is null ? SessionLifetime : null, "USER_NEW", access.Path,
                TriggerPayload.UserNew(access, conf), ct).ConfigureAwait(false))
        {
            return "USER_NEW";
        }

        return await OnceAsync(connection, null, "CONN_PLAY\n" + access.Path, null, "CONN_PLAY", access.Path, TriggerPayload.Connection(access, conf), ct).ConfigureAwait(false)
            ? null
            : "CONN_PLAY";
    }

    /// <param name="fallback">The cache used for a request without a connection; null: ask every time.</param>
    private ValueTask<bool> OnceAsync(TriggerConnections.TriggerConnection? connection, TriggerDecisionCache? fallback, string key, TimeSpan? lifetime,
        string trigger, string stream, string payload, CancellationToken ct)
    {
        if (!_triggers.IsConfigured(trigger, stream))
        {
            return ValueTask.FromResult(true);
        }

        // A connection's cache is made at its first configured trigger: most connections never meet one.
        var cache = connection?.Decisions ?? fallback;
        return cache is null
            ? _triggers.DecideAsync(trigger, stream, payload, ct)
            : cache.GetOrRunAsync(key, lifetime, () => _triggers.DecideAsync(trigger, stream, payload, ct), ct);
    }
}
