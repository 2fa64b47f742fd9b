using System.Collections.Concurrent;
using MediaBroker.Core;
using MediaBroker.Hooks;

namespace MediaBroker.Triggers;

/// <summary>
/// The connections the protocol servers report (RTSP, RTMP, SRT call <see cref="IConnectionHooks.OnConnect"/>; HLS
/// viewer sessions, HTTP output responses and WebRTC sessions call <see cref="IViewerConnections.Open"/>), as the
/// triggers see them: a connection learns its stream, address and URL at its first path request
/// (<see cref="TriggerAccessGate"/>), which fires CONN_OPEN; when it closes, CONN_CLOSE and USER_END fire for it.
/// </summary>
public sealed class TriggerConnections : IConnectionHooks, IViewerConnections
{
    private static readonly IDisposable AlreadyOpen = new NoHandle();

    private readonly ConcurrentDictionary<Guid, TriggerConnection> _open = new();
    private readonly TriggerDispatcher _triggers;

    public TriggerConnections(TriggerDispatcher triggers)
    {
        _triggers = triggers;
    }

    /// <summary>Connections open now (tests).</summary>
    public int Count => _open.Count;

    public IDisposable OnConnect(string connType, Guid connId) => Open(connId, null);

    public IDisposable Open(Guid connId, Func<ConnectionBytes>? bytes)
    {
        var connection = new TriggerConnection(this, connId, bytes);
        // A WebRTC session is reported from its offer (IViewerConnections) and again to the runOnConnect fan-out once
        // it runs: the first report owns the connection.
        return _open.TryAdd(connId, connection) ? connection : AlreadyOpen;
    }

    internal TriggerConnection? Find(Guid? id) => id is { } g && _open.TryGetValue(g, out var c) ? c : null;

    private void Closed(TriggerConnection connection)
    {
        _open.TryRemove(KeyValuePair.Create(connection.Id, connection));
        var (first, sessions) = connection.Take();
        if (first is null)
        {
            return;
        }

        _triggers.Fire("CONN_CLOSE", first.Access.Path, first.Payload);
        var now = DateTime.UtcNow;
        // runOnConnect's connections carry no byte counts: they are reported as 0 (docs/triggers.md).
        var bytes = connection.Bytes?.Invoke() ?? default;
        foreach (var s in sessions)
        {
            if (_triggers.IsConfigured("USER_END", s.Access.Path))
            {
                _triggers.Fire("USER_END", s.Access.Path, TriggerPayload.UserEnd(s.Id, s.Access, now - s.Started, bytes.Sent, bytes.Received));
            }
        }
    }

    /// <summary>One open connection: its first path request (for CONN_CLOSE), its sessions and its trigger answers.</summary>
    internal sealed class TriggerConnection(TriggerConnections owner, Guid id, Func<ConnectionBytes>? bytes) : IDisposable
    {
        private readonly Lock _gate = new();
        private readonly List<Session> _sessions = [];
        private Opened? _first;
        private int _disposed;

        public Guid Id { get; } = id;

        public Func<ConnectionBytes>? Bytes { get; } = bytes;

        private TriggerDecisionCache? _decisions;

        /// <summary>Made on first use (a configured trigger): an empty concurrent dictionary per connection is ~0.6 KiB.</summary>
        public TriggerDecisionCache Decisions => LazyInitializer.EnsureInitialized(ref _decisions, static () => new TriggerDecisionCache());

        /// <summary>Records the first path request; returns true the first time (CONN_OPEN fires then).</summary>
        public bool Open(AccessRequest access, string payload)
        {
            lock (_gate)
            {
                if (_first is not null)
                {
                    return false;
                }

                _first = new Opened(access, payload);
                return true;
            }
        }

        public void AddSession(string sessionId, AccessRequest access)
        {
            lock (_gate)
            {
                if (!_sessions.Exists(s => s.Id == sessionId))
                {
                    _sessions.Add(new Session(sessionId, access, DateTime.UtcNow));
                }
            }
        }

        public (Opened? First, List<Session> Sessions) Take()
        {
            lock (_gate)
            {
                var result = (_first, _sessions.ToList());
                _first = null;
                _sessions.Clear();
                return result;
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Closed(this);
            }
        }
    }

    private sealed class NoHandle : IDisposable
    {
        public void Dispose()
        {
        }
    }

    internal sealed record Opened(AccessRequest Access, string Payload);

    internal sealed record Session(string Id, AccessRequest Access, DateTime Started);
}
