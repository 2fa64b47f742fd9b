using System.Collections.Concurrent;
using MediaBroker.Hooks;

namespace MediaBroker.Protocols.WebRtc.Sessions;

/// <summary>The live sessions of one server, by id (API) and by the secret in their WHIP/WHEP resource URL.</summary>
/// <param name="hooks">runOnConnect/runOnDisconnect, from <see cref="Add"/> (the session runs) to <see cref="Remove"/>.</param>
/// <param name="viewers">The triggers' connections, from <see cref="Open"/> (the offer, before the path request) to <see cref="Remove"/>.</param>
public sealed class WebRtcSessionRegistry(IConnectionHooks? hooks = null, IViewerConnections? viewers = null)
{
    private readonly ConcurrentDictionary<Guid, IDisposable> _hooks = new();
    private readonly ConcurrentDictionary<Guid, IDisposable> _connections = new();
    private readonly ConcurrentDictionary<Guid, WebRtcSession> _byId = new();
    private readonly ConcurrentDictionary<string, WebRtcSession> _bySecret = new(StringComparer.Ordinal);

    public int Count => _byId.Count;

    /// <summary>A snapshot of the sessions, oldest first.</summary>
    public IReadOnlyList<WebRtcSession> List() => [.. _byId.Values.OrderBy(s => s.Created)];

    /// <summary>The sessions' records, oldest first: what the API serializes and the metrics read.</summary>
    public IReadOnlyList<WebRtcSessionInfo> Describe() => [.. _byId.Values.OrderBy(s => s.Created).Select(s => s.Info)];

    public WebRtcSession? Find(Guid id) => _byId.GetValueOrDefault(id);

    public WebRtcSession? FindBySecret(string secret) => _bySecret.GetValueOrDefault(secret);

    /// <summary>Closes a session (API kick); false when there is none with this id.</summary>
    public bool Kick(Guid id)
    {
        if (!_byId.TryGetValue(id, out var session))
        {
            return false;
        }

        session.Kick("kicked");
        return true;
    }

    /// <summary>
    /// Reports a connection before its path request, so that CONN_OPEN can refuse it; the session created for it later
    /// takes <paramref name="connId"/> as its id, and <see cref="Remove"/> closes the connection with the session.
    /// </summary>
    /// <returns>Closes the connection when no session was created for it (refused, malformed offer).</returns>
    internal IDisposable Open(Guid connId, Func<ConnectionBytes> bytes)
    {
        if (viewers is null)
        {
            return NoConnection.Instance;
        }

        var connection = viewers.Open(connId, bytes);
        _connections[connId] = connection;
        return new AbandonedConnection(this, connId);
    }

    private sealed class NoConnection : IDisposable
    {
        public static readonly NoConnection Instance = new();

        public void Dispose()
        {
        }
    }

    /// <summary>Closes the connection unless a session took it over (<see cref="Add"/>).</summary>
    private sealed class AbandonedConnection(WebRtcSessionRegistry registry, Guid connId) : IDisposable
    {
        public void Dispose()
        {
            if (!registry._byId.ContainsKey(connId) && registry._connections.TryRemove(connId, out var connection))
            {
                connection.Dispose();
            }
        }
    }

    internal void Add(WebRtcSession session)
    {
        _byId[session.Id] = session;
        _bySecret[session.Secret] = session;
        if (hooks is not null)
        {
            _hooks[session.Id] = hooks.OnConnect("webRTCSession", session.Id);
        }
    }

    internal void Remove(WebRtcSession session)
    {
        _byId.TryRemove(new KeyValuePair<Guid, WebRtcSession>(session.Id, session));
        _bySecret.TryRemove(new KeyValuePair<string, WebRtcSession>(session.Secret, session));
        if (_hooks.TryRemove(session.Id, out var hook))
        {
            hook.Dispose();
        }

        if (_connections.TryRemove(session.Id, out var connection))
        {
            connection.Dispose();
        }
    }

    internal void CloseAll(string reason)
    {
        foreach (var session in _byId.Values)
        {
            session.Kick(reason);
        }
    }

    /// <summary>Housekeeping tick: handshake deadlines and consent freshness.</summary>
    internal void CheckTimers()
    {
        foreach (var session in _byId.Values)
        {
            session.CheckTimers();
        }
    }
}
